// What the access-log line itself costs in the Worker: the ablation twin (kie-edge's own code, nothing emulated in
// front) with ACCESS_LOG=all, errors and off, asked the same cache hit in interleaved rounds at 1 connection, beside
// the constant Worker silent and logging one line. The line costs all − off; errors − off is the check alone (a hit
// logs nothing under errors). In `wrangler dev` every console.log also crosses to the wrangler process (its log
// relay), far dearer than Workers Logs deployed: what one line costs there is the logging constant − the constant,
// and the line's own cost is what kie-edge's costs beyond that.
import type { HitRequest } from "./hit-path";
import { type Run, throughput } from "./lib/measure";
import { median, spread } from "./lib/stats";
import type { Target } from "./lib/targets";
import type { Row } from "./report";

type Name = "off" | "errors" | "all" | "constant" | "constantLogged";

/**
 * @example
 * ```ts
 * rows.push(...(await accessLogCost({ all, errors, off, constant, constantLogged }, { rounds, seconds, request })))
 * ```
 */
export async function accessLogCost(
  t: Record<Name, Target>,
  opts: { rounds: number; seconds: number; request: HitRequest },
): Promise<Row[]> {
  const names: Name[] = ["constant", "off", "errors", "all", "constantLogged"];
  const runs = Object.fromEntries(names.map((n) => [n, [] as Run[]])) as Record<Name, Run[]>;
  const path = "/api/v1/common/download-url";
  for (let round = 0; round < opts.rounds; round++) {
    for (const name of names) {
      runs[name].push(
        await throughput(t[name], { path, connections: 1, seconds: opts.seconds, request: opts.request }),
      );
    }
  }
  const cpu = (name: Name, i: number) => runs[name][i]?.cpuUs ?? 0;
  const over = (a: Name, b: Name) => runs[a].map((_, i) => cpu(a, i) - cpu(b, i));
  const relay = over("constantLogged", "constant");
  const own = over("all", "off").map((line, i) => line - (relay[i] ?? 0));
  const ratio = (a: Name) => runs[a].map((run, i) => run.rps / (runs.off[i]?.rps ?? 1));
  const us = (xs: number[]) => `${spread(xs, 0)} µs`;
  return [
    {
      figure: "access-log line, all − off: Worker CPU per hit (1 connection), wrangler's log relay included",
      measured: "—",
      ablation: us(over("all", "off")),
    },
    {
      figure: "one console.log line in wrangler dev: constant logging − constant (the relay's share, any Worker)",
      measured: "—",
      ablation: us(relay),
    },
    {
      figure: "access-log line's own cost: (all − off) − (constant logging − constant)",
      measured: "—",
      ablation: us(own),
      goal: "≤ 100 µs (ablation)",
      ok: median(own) <= 100,
    },
    { figure: "ACCESS_LOG=errors − off: the check alone, no line", measured: "—", ablation: us(over("errors", "off")) },
    {
      figure: "hit throughput, ACCESS_LOG=all / off and errors / off",
      measured: "—",
      ablation: `${spread(ratio("all"))} / ${spread(ratio("errors"))}`,
    },
  ];
}
