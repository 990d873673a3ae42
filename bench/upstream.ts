// What kie-edge does when kie.ai is asked for links: a burst of asks for one uncached file (one upstream call), and
// a batch of misses against its theoretical minimum; as configured and its ablation twin.
import { performance } from "node:perf_hooks";
import type { ServedSimulator } from "../simulator/serve";
import { median } from "./lib/stats";
import type { Target } from "./lib/targets";
import type { Row } from "./report";

type Which = "edge" | "ablation";

/**
 * @example
 * ```ts
 * rows.push(...(await upstream({ edge, ablation, sim, auth, file, kieKey })))
 * ```
 */
export async function upstream(ctx: {
  edge: Target;
  ablation: Target;
  sim: ServedSimulator;
  auth: Record<string, string>;
  file: (name: string) => string;
  kieKey: string;
}): Promise<Row[]> {
  const { sim, auth } = ctx;
  const post = async (target: Target, path: string, body: unknown) => {
    const res = await fetch(`${target.own}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    const text = await res.text();
    const msg =
      res.status === 200 ? "" : String((JSON.parse(text || "{}") as { msg?: unknown }).msg ?? text.slice(0, 80));
    return { status: res.status, msg };
  };
  // Burst: 100 concurrent asks for one uncached URL, kie.ai at 100 ms.
  sim.state.delayMs["download-url"] = 100;
  const burst = {} as Record<Which, { calls: number; ok: number; others: string }>;
  for (const which of ["edge", "ablation"] as const) {
    const before = sim.state.calls["download-url"];
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        post(ctx[which], "/api/v1/common/download-url", { url: ctx.file(`burst-${which}.mp4`) }),
      ),
    );
    // What the others answered, by status and message: a failed burst must say how it failed.
    const others = new Map<string, number>();
    for (const r of answers.filter((a) => a.status !== 200)) {
      const key = `${r.status} ${r.msg}`;
      others.set(key, (others.get(key) ?? 0) + 1);
    }
    burst[which] = {
      calls: sim.state.calls["download-url"] - before,
      ok: answers.filter((r) => r.status === 200).length,
      others: [...others].map(([k, n]) => `${n} × ${k}`).join("; "),
    };
  }
  // Batch: 100 distinct URLs, kie.ai at 50 ms, concurrency 5: the floor is 100 / 5 × 50 ms = 1,000 ms. The same
  // 100 asked of the simulator directly, 5 at a time, shows what the simulator and loopback add on their own.
  sim.state.delayMs["download-url"] = 50;
  const walls: Record<Which | "direct", number[]> = { edge: [], ablation: [], direct: [] };
  const kie = { Authorization: `Bearer ${ctx.kieKey}`, "Content-Type": "application/json" };
  for (let round = 0; round < 3; round++) {
    const urls = Array.from({ length: 100 }, (_, i) => ctx.file(`batch-direct-${round}-${i}.png`));
    const start = performance.now();
    await fiveAtATime(urls, async (url) => {
      const res = await fetch(`${sim.url}/api/v1/common/download-url`, {
        method: "POST",
        headers: kie,
        body: JSON.stringify({ url }),
      });
      if (res.status !== 200) throw new Error(`the simulator answered ${res.status}`);
      await res.arrayBuffer();
    });
    walls.direct.push(performance.now() - start);
    for (const which of ["edge", "ablation"] as const) {
      const urls = Array.from({ length: 100 }, (_, i) => ctx.file(`batch-${which}-${round}-${i}.png`));
      const start = performance.now();
      const res = await post(ctx[which], "/api/v1/common/download-urls", { urls });
      walls[which].push(performance.now() - start);
      if (res.status !== 200) throw new Error(`${ctx[which].name}: batch answered ${res.status}`);
    }
  }
  sim.state.delayMs["download-url"] = 0;
  const burstText = (b: { calls: number; ok: number; others: string }) =>
    `${b.calls} upstream call(s), ${b.ok}/100 answered 200${b.others ? ` (the others: ${b.others})` : ""}`;
  const wall = (w: number[]) => `${median(w).toFixed(0)} ms (min 1000 ms)`;
  return [
    {
      figure: "burst: 100 concurrent asks, one URL",
      measured: burstText(burst.edge),
      ablation: burstText(burst.ablation),
      goal: "1 call, 100 × 200",
      ok: [burst.edge, burst.ablation].every((b) => b.calls === 1 && b.ok === 100),
    },
    {
      figure: "batch: 100 URLs, 50 ms upstream, concurrency 5 (median of 3)",
      measured: wall(walls.edge),
      ablation: wall(walls.ablation),
    },
    {
      figure: "the same 100 asked of the simulator directly, 5 at a time (its own and loopback's share; median of 3)",
      measured: `${wall(walls.direct)}: ${(median(walls.direct) / 1000).toFixed(2)} × the minimum`,
      ablation: "(the same floor)",
    },
    {
      figure: "batch wall time / theoretical minimum",
      measured: (median(walls.edge) / 1000).toFixed(2),
      ablation: (median(walls.ablation) / 1000).toFixed(2),
      goal: "≤ 1.3",
      ok: median(walls.edge) / 1000 <= 1.3,
    },
  ];
}

// The kie-edge batch's own pool, for the direct floor: five workers, each taking the next URL as it finishes.
async function fiveAtATime(urls: string[], ask: (url: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < urls.length) await ask(urls[next++] as string);
  };
  await Promise.all(Array.from({ length: 5 }, worker));
}
