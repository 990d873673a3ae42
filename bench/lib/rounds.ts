// Interleaved rounds of closed-loop runs against several targets, and how to write them up.
import { alternate } from "./alternate";
import { closedLoop, type LoopOptions, type LoopRun } from "./loop";
import { spread } from "./stats";

/** One thing asked: where, whose CPU counts (0: none), and how. */
export interface Ask {
  url: string;
  pid: number;
  opts: Omit<LoopOptions, "connections" | "seconds">;
}

/**
 * `rounds` rounds; in each, at 1 connection the asks alternate request by request (`alternate`), at more every
 * ask gets its own closed-loop run in turn. Any unexpected answer fails the run, naming the ask.
 *
 * @example
 * ```ts
 * const runs = await interleave({ floor, edge }, { rounds: 5, seconds: 5, connections: 1 })
 * ```
 */
export async function interleave<K extends string>(
  asks: Record<K, Ask>,
  how: { rounds: number; seconds: number; connections: number },
): Promise<Record<K, LoopRun[]>> {
  const names = Object.keys(asks) as K[];
  const runs = Object.fromEntries(names.map((n) => [n, [] as LoopRun[]])) as Record<K, LoopRun[]>;
  const keep = (name: K, run: LoopRun) => {
    if (run.failed > 0 || run.latencies.length === 0) {
      const example = run.firstFailure ?? "none at all";
      throw new Error(`${name} (${asks[name].url}): ${run.failed} unexpected answers, e.g. ${example}`);
    }
    runs[name].push(run);
  };
  for (let round = 0; round < how.rounds; round++) {
    if (how.connections === 1) {
      const paired = await alternate(asks, how.seconds);
      for (const name of names) keep(name, paired[name]);
      continue;
    }
    for (const name of names) {
      const { url, pid, opts } = asks[name];
      keep(name, await closedLoop(url, pid, { ...opts, connections: how.connections, seconds: how.seconds }));
    }
  }
  return runs;
}

/** Round by round, `a`'s figure minus `b`'s. */
export function minus(a: LoopRun[], b: LoopRun[], key: "p50" | "p99" | "cpuUs"): number[] {
  return a.map((run, i) => run[key] - (b[i]?.[key] ?? 0));
}

/** p50, p99 and CPU per request: median [min–max] over the rounds. */
export function loopLine(runs: LoopRun[], cpu = true): string {
  const ms = (key: "p50" | "p99") => spread(runs.map((r) => r[key]));
  const shared = runs.some((r) => r.cpuShared) ? " (its process's, shared with the other ask)" : "";
  const cpuText = cpu
    ? `, ${spread(
        runs.map((r) => r.cpuUs),
        0,
      )} µs CPU/req${shared}`
    : "";
  return `p50 ${ms("p50")} ms, p99 ${ms("p99")} ms${cpuText}`;
}

/** Added p50 and p99 (ms) over a floor, median [min–max] over the rounds. */
export function addedLine(runs: LoopRun[], floor: LoopRun[]): string {
  return `p50 ${spread(minus(runs, floor, "p50"))} ms, p99 ${spread(minus(runs, floor, "p99"))} ms`;
}
