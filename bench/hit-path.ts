// The hit path: a cached link asked again, the request kie-edge answers most. kie-edge as configured and its
// ablation twin against a constant Worker that gets the very same request, in interleaved rounds, on each Worker's
// own port (and once through wrangler's proxy, which adds its own fixed cost to every request and so flatters
// every ratio).
import { loadavg } from "node:os";
import { type Run, throughput } from "./lib/measure";
import { median, spread, whole } from "./lib/stats";
import type { Target } from "./lib/targets";
import { rssMiB } from "./proc";
import type { Row } from "./report";

/** The targets compared, for one ACCESS_LOG setting. */
export interface HitTargets {
  /** `ACCESS_LOG` as kie-edge runs. */
  log: "all" | "errors";
  edge: Target;
  ablation: Target;
  /** A Worker that answers a constant (and logs one line when kie-edge logs every request). */
  constant: Target;
}

export type HitRequest = { method: "POST"; headers: Record<string, string>; body: string };
type Name = "constant" | "edge" | "ablation";

/**
 * Cache-hit throughput, latency and CPU per request against the constant, at 1 and 10 connections.
 *
 * @example
 * ```ts
 * rows.push(...(await hitPath(targets, { rounds: 5, seconds: 5, request })))
 * ```
 */
export async function hitPath(t: HitTargets, opts: { rounds: number; seconds: number; request: HitRequest }) {
  const rows: Row[] = [];
  const path = "/api/v1/common/download-url";
  const [ratioGoal, cpuGoal] = t.log === "errors" ? [0.85, 120] : [0.75, undefined];
  for (const connections of [1, 10]) {
    const runs: Record<Name, Run[]> = { constant: [], edge: [], ablation: [] };
    for (let round = 0; round < opts.rounds; round++) {
      for (const name of ["constant", "edge", "ablation"] as const) {
        runs[name].push(await throughput(t[name], { path, connections, seconds: opts.seconds, request: opts.request }));
      }
    }
    const ratio = (rs: Run[]) => rs.map((run, i) => run.rps / (runs.constant[i]?.rps ?? 1));
    const added = (rs: Run[]) => rs.map((run, i) => run.cpuUs - (runs.constant[i]?.cpuUs ?? 0));
    const label = `ACCESS_LOG=${t.log}, ${connections} connection${connections === 1 ? "" : "s"}`;
    const floor = t.log === "all" ? "constant Worker logging a line" : "constant Worker";
    rows.push(
      { figure: `cache hit, ${label}`, measured: line(runs.edge), ablation: line(runs.ablation) },
      { figure: `${floor}, ${label}`, measured: line(runs.constant), ablation: "(the same floor)" },
      {
        figure: `hit / ${floor} throughput, ${label}`,
        measured: spread(ratio(runs.edge)),
        ablation: spread(ratio(runs.ablation)),
        goal: `≥ ${ratioGoal} (ablation)`,
        ok: median(ratio(runs.ablation)) >= ratioGoal,
      },
      {
        figure: `added Worker CPU per hit over the ${floor}, ${label}`,
        measured: `${spread(added(runs.edge), 0)} µs`,
        ablation: `${spread(added(runs.ablation), 0)} µs`,
        ...(cpuGoal ? { goal: `≤ ${cpuGoal} µs (ablation)`, ok: median(added(runs.ablation)) <= cpuGoal } : {}),
      },
    );
  }
  if (t.log === "errors") {
    const via = async (target: Target) =>
      throughput(target, { path, connections: 10, seconds: opts.seconds, proxy: true, request: opts.request });
    const [floor, edge, ablation] = [await via(t.constant), await via(t.edge), await via(t.ablation)];
    const ratio = (run: Run) => `${(run.rps / floor.rps).toFixed(2)} (${whole(run.rps)} vs ${whole(floor.rps)} req/s)`;
    rows.push({
      figure: "same through wrangler's local proxy, ACCESS_LOG=errors, 10 connections (hit / constant), one run",
      measured: ratio(edge),
      ablation: ratio(ablation),
    });
  }
  if (t.edge.pid && t.constant.pid) {
    rows.push({
      figure: `Worker process RSS after the runs, ACCESS_LOG=${t.log} (kie-edge / constant)`,
      measured: `${whole(await rssMiB(t.edge.pid))} / ${whole(await rssMiB(t.constant.pid))} MiB (load ${loadavg()[0]?.toFixed(2)})`,
      ablation: `${whole(await rssMiB(t.ablation.pid))} / ${whole(await rssMiB(t.constant.pid))} MiB`,
    });
  }
  return rows;
}

/** Median [min–max] over the rounds of req/s, CPU per request, p50 and p99 (autocannon's: whole ms). */
export function line(rs: Run[]): string {
  const failed = rs.reduce((n, r) => n + r.failed, 0);
  return `${spread(
    rs.map((r) => r.rps),
    0,
  )} req/s, ${spread(
    rs.map((r) => r.cpuUs),
    0,
  )} µs CPU/req, p50 ${spread(
    rs.map((r) => r.p50),
    0,
  )} ms, p99 ${spread(
    rs.map((r) => r.p99),
    0,
  )} ms${failed ? `, ${failed} failed` : ""}`;
}
