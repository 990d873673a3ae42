// Generation calls: createTask and a family create (POST /api/v1/veo/generate) against asking the simulator
// directly, kie-edge as configured, its ablation twin and the floor of an exactly-once create in this runtime
// (bench/workers/create-floor.ts); interleaved rounds, closed loops on own ports.
import type { ServedSimulator } from "../simulator/serve";
import { addedLine, interleave, loopLine, minus } from "./lib/rounds";
import { median, spread } from "./lib/stats";
import type { Target } from "./lib/targets";
import type { Row } from "./report";

export interface TaskTargets {
  edge: Target;
  ablation: Target;
  /** One DO call, the writes before and after kie.ai's answer, nothing else (see bench/workers/create-floor.ts). */
  floor: Target;
  sim: ServedSimulator;
  auth: Record<string, string>;
  kieKey: string;
}

export const CREATE = { model: "google/imagen4-fast", input: { prompt: "a red fox" } };
// The tasks made by the thousand here are marked, so the simulator can be made to forget them (see forgetMarked).
const MARK = "a red fox (bench: forgotten)";
const MARKED = { ...CREATE, input: { prompt: MARK } };
const VEO = { prompt: MARK, model: "veo3_fast" };
export const kieOk = (status: number, _h: unknown, body: string) => status === 200 && body.includes('"code":200');

/**
 * @example
 * ```ts
 * rows.push(...(await taskCalls({ edge, ablation, floor, sim, auth, kieKey }, { rounds, seconds })))
 * ```
 */
export async function taskCalls(t: TaskTargets, how: { rounds: number; seconds: number }): Promise<Row[]> {
  const rows: Row[] = [];
  const kie = { Authorization: `Bearer ${t.kieKey}`, "Content-Type": "application/json" };
  const post = (body: object, headers: Record<string, string>) => ({
    method: "POST" as const,
    headers,
    body: JSON.stringify(body),
    accept: kieOk,
  });
  const at = (base: string, path: string) => `${base}${path}`;
  t.sim.state.taskSettings.durationMs = null;
  const tidy = setInterval(() => forgetMarked(t.sim), 100);
  try {
    for (const [figure, path, body, conns] of [
      ["createTask (POST /api/v1/jobs/createTask)", "/api/v1/jobs/createTask", MARKED, [1, 10]],
      ["family create (POST /api/v1/veo/generate)", "/api/v1/veo/generate", VEO, [1]],
    ] as const) {
      for (const connections of conns) {
        const runs = await interleave(
          {
            direct: { url: at(t.sim.url, path), pid: 0, opts: post(body, kie) },
            edge: { url: at(t.edge.own, path), pid: t.edge.pid, opts: post(body, t.auth) },
            ablation: { url: at(t.ablation.own, path), pid: t.ablation.pid, opts: post(body, t.auth) },
            floor: { url: at(t.floor.own, path), pid: t.floor.pid, opts: post(body, kie) },
          },
          { ...how, connections },
        );
        const label = `${connections} connection${connections === 1 ? "" : "s"}`;
        const added = minus(runs.ablation, runs.direct, "p50");
        rows.push(
          { figure: `${figure}, ${label}`, measured: loopLine(runs.edge), ablation: loopLine(runs.ablation) },
          {
            figure: `${figure}: added over asking the simulator directly (p50 ${spread(runs.direct.map((r) => r.p50))} ms), ${label}`,
            measured: addedLine(runs.edge, runs.direct),
            ablation: addedLine(runs.ablation, runs.direct),
            ...(path.endsWith("createTask") && connections === 1
              ? { goal: "p50 ≤ 3 ms (ablation)", ok: median(added) <= 3 }
              : {}),
          },
          {
            figure: `${figure}: the floor of an exactly-once create here (one DO call, writes before and after kie.ai's answer, nothing else) added over asking the simulator directly, ${label}`,
            measured: `${addedLine(runs.floor, runs.direct)}, ${spread(
              runs.floor.map((r) => r.cpuUs),
              0,
            )} µs CPU/req`,
            ablation: "(the same floor)",
          },
          {
            figure: `${figure}: kie-edge over that floor, ${label}`,
            measured: addedLine(runs.edge, runs.floor),
            ablation: addedLine(runs.ablation, runs.floor),
          },
        );
      }
    }
  } finally {
    clearInterval(tidy);
    forgetMarked(t.sim);
  }
  return rows;
}

/**
 * Forgets the marked tasks and the admissions older than kie.ai's window. The simulator walks every task it has on
 * each generation call (and every admission on each create): after thousands of creates it answers in ~100 ms, and
 * a benchmark would measure that walk. The marked tasks stay `generating` and are never asked about again.
 */
function forgetMarked(sim: ServedSimulator): void {
  for (const [id, task] of Object.entries(sim.state.tasks)) {
    if (task.input.prompt === MARK || task.body.prompt === MARK) delete sim.state.tasks[id];
  }
  const since = Date.now() - sim.state.taskRate.windowMs;
  sim.state.createAccepted = sim.state.createAccepted.filter((at) => at > since);
}
