// The hit path: a cached link asked again, the request kie-edge answers most. kie-edge against floors that get the
// very same request, in interleaved rounds, on the Worker's own port (and once through wrangler's proxy, which
// adds its own fixed cost to every request and so flatters every ratio).
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
  /** A Worker that answers a constant (and logs one line when kie-edge logs every request). */
  constant: Target;
  /** The constant behind the same platform work: rate limit and static-assets router. */
  platform: Target;
}

/**
 * Cache-hit throughput, latency and CPU per request against both floors, at 1 and 10 connections.
 *
 * @example
 * ```ts
 * rows.push(...(await hitPath(targets, { rounds: 5, seconds: 5, request })))
 * ```
 */
export async function hitPath(
  t: HitTargets,
  opts: { rounds: number; seconds: number; request: { method: "POST"; headers: Record<string, string>; body: string } },
): Promise<Row[]> {
  const rows: Row[] = [];
  const path = "/api/v1/common/download-url";
  const load = `load ${loadavg()[0]?.toFixed(2)}`;
  for (const connections of [1, 10]) {
    const runs: Record<"edge" | "constant" | "platform", Run[]> = { edge: [], constant: [], platform: [] };
    for (let round = 0; round < opts.rounds; round++) {
      for (const name of ["constant", "edge", "platform"] as const) {
        runs[name].push(await throughput(t[name], { path, connections, seconds: opts.seconds, request: opts.request }));
      }
    }
    const ratio = (floor: Run[]) => runs.edge.map((run, i) => run.rps / (floor[i]?.rps ?? 1));
    const added = (floor: Run[]) => runs.edge.map((run, i) => run.cpuUs - (floor[i]?.cpuUs ?? 0));
    const label = `ACCESS_LOG=${t.log}, ${connections} connection${connections === 1 ? "" : "s"}`;
    const line = (rs: Run[]) =>
      `${whole(median(rs.map((r) => r.rps)))} req/s, ${whole(median(rs.map((r) => r.cpuUs)))} µs CPU/req, p50 ${median(rs.map((r) => r.p50))} ms, p99 ${median(rs.map((r) => r.p99))} ms${fails(rs)}`;
    rows.push(
      { figure: `cache hit, own port, ${label}`, measured: line(runs.edge) },
      { figure: `constant Worker${t.log === "all" ? " logging a line" : ""}, ${label}`, measured: line(runs.constant) },
      {
        figure: `platform floor (rate limit + assets router)${t.log === "all" ? " logging a line" : ""}, ${label}`,
        measured: line(runs.platform),
      },
      {
        figure: `hit / constant throughput, ${label}`,
        measured: spread(ratio(runs.constant)),
        goal: "≥ 0.85",
        ok: median(ratio(runs.constant)) >= 0.85,
      },
      { figure: `hit / platform floor throughput, ${label}`, measured: spread(ratio(runs.platform)) },
      {
        figure: `added Worker CPU per hit over the platform floor, ${label}`,
        measured: `${spread(added(runs.platform), 0)} µs`,
        goal: "≤ 60 µs",
        ok: median(added(runs.platform)) <= 60,
      },
    );
  }
  const viaProxy = await throughput(t.edge, {
    path,
    connections: 10,
    seconds: opts.seconds,
    proxy: true,
    request: opts.request,
  });
  const floorProxy = await throughput(t.constant, {
    path,
    connections: 10,
    seconds: opts.seconds,
    proxy: true,
    request: opts.request,
  });
  rows.push({
    figure: `same through wrangler's local proxy, ACCESS_LOG=${t.log}, 10 connections (hit / constant)`,
    measured: `${(viaProxy.rps / floorProxy.rps).toFixed(2)} (${whole(viaProxy.rps)} vs ${whole(floorProxy.rps)} req/s)`,
  });
  if (t.edge.pid && t.constant.pid) {
    rows.push({
      figure: `Worker process RSS after the runs, ACCESS_LOG=${t.log} (kie-edge / constant / platform floor)`,
      measured: `${whole(await rssMiB(t.edge.pid))} / ${whole(await rssMiB(t.constant.pid))} / ${whole(await rssMiB(t.platform.pid))} MiB (${load})`,
    });
  }
  return rows;
}

function fails(runs: Run[]): string {
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  return failed ? `, ${failed} failed` : "";
}
