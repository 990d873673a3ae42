// One connection per target, asked in turn request by request: A, B, C, A, B, C, … Slow drifts of the machine's load
// (other work on its 2 cores) then fall on every target alike, so their differences are paired, not confounded.
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { type LoopRun, send, sleep } from "./loop";
import type { Ask } from "./rounds";
import { pct } from "./stats";
import { cpuMicros } from "./targets";

/**
 * One round: every ask once per cycle, for `seconds` per ask in all (a cycle lasts at least the longest
 * `spacingMs`). CPU per request is its process's CPU over the requests of the asks in that process; where two
 * asks share one, both get that shared figure (`cpuShared`).
 *
 * @example
 * ```ts
 * const runs = await alternate({ floor, edge }, 5)
 * ```
 */
export async function alternate<K extends string>(asks: Record<K, Ask>, seconds: number): Promise<Record<K, LoopRun>> {
  const names = Object.keys(asks) as K[];
  const agents = names.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const lat = names.map(() => [] as number[]);
  const count = names.map(() => 0);
  const failed = names.map(() => 0);
  const firstFailure: (string | undefined)[] = names.map(() => undefined);
  const pids = [...new Set(names.map((n) => asks[n].pid))];
  const before = new Map(pids.map((pid) => [pid, cpuMicros(pid)]));
  const spacing = Math.max(0, ...names.map((n) => asks[n].opts.spacingMs ?? 0));
  const started = performance.now();
  const end = started + seconds * 1000 * names.length;
  for (let cycle = 0; performance.now() < end; cycle++) {
    const cycleStart = performance.now();
    for (const [i, name] of names.entries()) {
      const { url, opts } = asks[name];
      const body = typeof opts.body === "function" ? opts.body() : opts.body;
      const t0 = performance.now();
      const answer = await send(url, agents[i] as Agent, opts.method ?? "GET", opts.headers ?? {}, body);
      const ms = performance.now() - t0;
      count[i] = (count[i] ?? 0) + 1;
      if (!(opts.accept ?? ((status: number) => status === 200))(answer.status, answer.headers, answer.body)) {
        failed[i] = (failed[i] ?? 0) + 1;
        firstFailure[i] ??= `${answer.status} ${answer.body.slice(0, 300)}`;
      } else if (cycle >= (opts.warmup ?? 3)) lat[i]?.push(ms);
    }
    const took = performance.now() - cycleStart;
    if (spacing > took) await sleep(spacing - took);
  }
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  const perPid = new Map(
    pids.map((pid) => {
      const requests = names.reduce((n, name, i) => n + (asks[name].pid === pid ? (count[i] ?? 0) : 0), 0);
      return [pid, requests ? (cpuMicros(pid) - (before.get(pid) ?? 0)) / requests : 0];
    }),
  );
  const shared = (pid: number) => pid !== 0 && names.filter((n) => asks[n].pid === pid).length > 1;
  return Object.fromEntries(
    names.map((name, i) => {
      const latencies = lat[i] ?? [];
      const run: LoopRun = {
        latencies,
        p50: pct(latencies, 0.5),
        p99: pct(latencies, 0.99),
        rps: (count[i] ?? 0) / elapsed,
        cpuUs: perPid.get(asks[name].pid) ?? 0,
        cpuShared: shared(asks[name].pid),
        failed: failed[i] ?? 0,
        firstFailure: firstFailure[i],
      };
      return [name, run];
    }),
  ) as Record<K, LoopRun>;
}
