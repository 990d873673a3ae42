// What kie-edge adds when kie.ai is asked: a proxied call against a pass-through Worker, a burst of asks for one
// uncached file, and a batch of misses against its theoretical minimum.
import { performance } from "node:perf_hooks";
import type { ServedSimulator } from "../simulator/serve";
import { timed } from "./lib/measure";
import { median } from "./lib/stats";
import type { Target } from "./lib/targets";
import type { Row } from "./report";

/** A percentile of some latencies. */
function pct(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * @example
 * ```ts
 * rows.push(...(await upstream({ edge, passthrough, sim, auth, kieKey, file })))
 * ```
 */
export async function upstream(ctx: {
  edge: Target;
  passthrough: Target;
  sim: ServedSimulator;
  auth: Record<string, string>;
  kieKey: string;
  file: (name: string) => string;
}): Promise<Row[]> {
  const { edge, passthrough, sim, auth } = ctx;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${edge.own}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res;
  };

  // A proxied call, kie.ai answering after 20 ms; sequential asks, alternating, on each Worker's own port.
  sim.state.delayMs.credit = 20;
  const viaEdge: number[] = [];
  const viaFloor: number[] = [];
  for (let i = 0; i < 320; i++) {
    viaEdge.push(await timed(`${edge.own}/api/v1/chat/credit`, { headers: auth }));
    viaFloor.push(
      await timed(`${passthrough.own}/api/v1/chat/credit`, { headers: { Authorization: `Bearer ${ctx.kieKey}` } }),
    );
  }
  sim.state.delayMs.credit = 0;
  const [e, f] = [viaEdge.slice(20), viaFloor.slice(20)];
  const added50 = median(e) - median(f);
  const added99 = pct(e, 0.99) - pct(f, 0.99);
  const rows: Row[] = [
    {
      figure: "proxied GET /chat/credit, own port (kie-edge vs pass-through, kie.ai at 20 ms)",
      measured: `p50 ${median(e).toFixed(2)} vs ${median(f).toFixed(2)} ms, p99 ${pct(e, 0.99).toFixed(2)} vs ${pct(f, 0.99).toFixed(2)} ms`,
    },
    {
      figure: "added latency of a proxied call, p50 / p99",
      measured: `${added50.toFixed(2)} / ${added99.toFixed(2)} ms`,
      goal: "p50 ≤ 1 ms",
      ok: added50 <= 1,
    },
  ];

  // Burst: 100 concurrent asks for one uncached URL, kie.ai at 100 ms.
  sim.state.delayMs["download-url"] = 100;
  const before = sim.state.calls["download-url"];
  const burst = await Promise.all(
    Array.from({ length: 100 }, () => post("/api/v1/common/download-url", { url: ctx.file("burst.mp4") })),
  );
  const calls = sim.state.calls["download-url"] - before;
  const ok = burst.filter((r) => r.status === 200).length;
  rows.push({
    figure: "burst: 100 concurrent asks, one URL",
    measured: `${calls} upstream call(s), ${ok}/100 answered 200`,
    goal: "1",
    ok: calls === 1 && ok === 100,
  });

  // Batch: 100 distinct URLs, kie.ai at 50 ms, concurrency 5: the floor is 100 / 5 × 50 ms = 1,000 ms.
  sim.state.delayMs["download-url"] = 50;
  const walls: number[] = [];
  for (let round = 0; round < 3; round++) {
    const urls = Array.from({ length: 100 }, (_, i) => ctx.file(`batch-${round}-${i}.png`));
    const start = performance.now();
    const res = await post("/api/v1/common/download-urls", { urls });
    walls.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`batch answered ${res.status}`);
  }
  sim.state.delayMs["download-url"] = 0;
  const ratio = median(walls) / 1000;
  rows.push(
    {
      figure: "batch: 100 URLs, 50 ms upstream, concurrency 5",
      measured: `${median(walls).toFixed(0)} ms (min 1000 ms)`,
    },
    { figure: "batch wall time / theoretical minimum", measured: ratio.toFixed(2), goal: "≤ 1.3", ok: ratio <= 1.3 },
  );
  return rows;
}
