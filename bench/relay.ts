// Callback → relay: a task created with the caller's callBackUrl completes 50 ms later; the simulator POSTs its
// callback to kie-edge, which verifies it, confirms it with recordInfo, signs the relay and posts it to the caller.
// Time from the simulator starting its callback POST to the receiver getting the relay (one clock, Date.now: whole
// milliseconds), one task at a time, so no queue is measured — bench:tasks measures 100 at once.
import { performance } from "node:perf_hooks";
import { startReceiver } from "../scripts/lib/webhook-receiver";
import type { ServedSimulator } from "../simulator/serve";
import { sleep } from "./lib/loop";
import { median, pct, spread } from "./lib/stats";
import { cpuMicros, type Target } from "./lib/targets";
import type { Row } from "./report";

/** One target's relays over a round: latencies (ms) and the Worker's CPU per task (create, callback, relay). */
interface RelayRound {
  latencies: number[];
  cpuUs: number;
}

/**
 * @example
 * ```ts
 * rows.push(...(await relays({ edge, ablation, sim, auth }, { rounds: 5, perRound: 10 })))
 * ```
 */
export async function relays(
  t: { edge: Target; ablation: Target; sim: ServedSimulator; auth: Record<string, string> },
  how: { rounds: number; perRound: number },
): Promise<Row[]> {
  const arrived = new Map<string, number>();
  const receiver = await startReceiver((body) => {
    const data = (JSON.parse(body) as { data?: { taskId?: string } }).data;
    if (data?.taskId) arrived.set(data.taskId, Date.now());
  });
  t.sim.state.taskSettings.durationMs = 50;
  const runs: Record<"edge" | "ablation", RelayRound[]> = { edge: [], ablation: [] };
  try {
    for (let round = 0; round < how.rounds; round++) {
      for (const name of ["edge", "ablation"] as const) {
        const target = t[name];
        const latencies: number[] = [];
        const before = cpuMicros(target.pid);
        for (let i = 0; i < how.perRound; i++) {
          const res = await fetch(`${target.own}/api/v1/jobs/createTask`, {
            method: "POST",
            headers: t.auth,
            body: JSON.stringify({
              model: "google/imagen4-fast",
              input: { prompt: "a fox" },
              callBackUrl: receiver.url,
            }),
          });
          const text = await res.text();
          const id = (JSON.parse(text) as { data?: { taskId?: string } }).data?.taskId;
          if (!id)
            throw new Error(
              `${target.name}: createTask with a callBackUrl answered ${res.status}: ${text.slice(0, 200)}`,
            );
          const deadline = performance.now() + 10_000;
          const callbackAt = () => t.sim.state.callbacks.find((c) => c.taskId === id)?.at;
          while (!arrived.has(id) || callbackAt() === undefined) {
            if (performance.now() > deadline) throw new Error(`${target.name}: no relay of task ${id} within 10 s`);
            await sleep(2);
          }
          latencies.push((arrived.get(id) ?? 0) - (callbackAt() ?? 0));
        }
        runs[name].push({ latencies, cpuUs: (cpuMicros(target.pid) - before) / how.perRound });
      }
    }
  } finally {
    t.sim.state.taskSettings.durationMs = null;
    await receiver.close();
  }
  const text = (rs: RelayRound[]) =>
    `p50 ${spread(
      rs.map((r) => median(r.latencies)),
      0,
    )} ms, p99 ${pct(
      rs.flatMap((r) => r.latencies),
      0.99,
    )} ms, ${spread(
      rs.map((r) => r.cpuUs),
      0,
    )} µs CPU per task (create + callback + relay)`;
  return [
    {
      figure: `callback → relay delivered, one task at a time (${how.perRound} a round)`,
      measured: text(runs.edge),
      ablation: text(runs.ablation),
    },
  ];
}
