// recordInfo of a running task (kie.ai asked each time, paced under kie.ai's 10 a second) against asking the
// simulator directly; recordInfo of a finished task (X-Cache HIT, no kie.ai call) against the cache-hit path on the
// same Worker. kie-edge as configured and its ablation twin, interleaved rounds, closed loops on own ports.
import type { HitRequest } from "./hit-path";
import { addedLine, interleave, loopLine, minus } from "./lib/rounds";
import { median, spread } from "./lib/stats";
import type { Row } from "./report";
import { CREATE, kieOk, type TaskTargets } from "./task-calls";

/**
 * @example
 * ```ts
 * rows.push(...(await records({ edge, ablation, sim, auth, kieKey, hit }, { rounds, seconds })))
 * ```
 */
export async function records(
  t: Omit<TaskTargets, "floor"> & { hit: HitRequest },
  how: { rounds: number; seconds: number },
): Promise<Row[]> {
  const kie = { Authorization: `Bearer ${t.kieKey}` };
  const recordPath = (taskId: string) => `/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`;
  const create = async (base: string, headers: Record<string, string>) => {
    const res = await fetch(`${base}/api/v1/jobs/createTask`, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify(CREATE),
    });
    const text = await res.text();
    const id = (JSON.parse(text) as { data?: { taskId?: string } }).data?.taskId;
    if (!id) throw new Error(`createTask at ${base} answered ${res.status}: ${text.slice(0, 200)}`);
    return id;
  };
  // Running: kie-edge asks kie.ai every time, and paces itself under kie.ai's 10 a second: one ask per 150 ms.
  const running = { spacingMs: 150, accept: kieOk };
  // …and each answer must say so: X-Cache MISS, not a record kept from before.
  const asked = {
    ...running,
    headers: t.auth,
    accept: (s: number, h: Record<string, unknown>, b: string) => kieOk(s, h, b) && h["x-cache"] === "MISS",
  };
  const [direct, edge, ablation] = [
    await create(t.sim.url, kie),
    await create(t.edge.own, t.auth),
    await create(t.ablation.own, t.auth),
  ];
  const live = await interleave(
    {
      direct: { url: `${t.sim.url}${recordPath(direct)}`, pid: 0, opts: { ...running, headers: kie } },
      edge: { url: `${t.edge.own}${recordPath(edge)}`, pid: t.edge.pid, opts: asked },
      ablation: { url: `${t.ablation.own}${recordPath(ablation)}`, pid: t.ablation.pid, opts: asked },
    },
    { ...how, connections: 1 },
  );
  const rows: Row[] = [
    {
      figure: "recordInfo of a running task (kie.ai asked each time), 1 connection, one ask per 150 ms",
      measured: loopLine(live.edge),
      ablation: loopLine(live.ablation),
    },
    {
      figure: `recordInfo of a running task: added over asking the simulator directly (p50 ${spread(live.direct.map((r) => r.p50))} ms)`,
      measured: addedLine(live.edge, live.direct),
      ablation: addedLine(live.ablation, live.direct),
    },
  ];
  // Finished: completed (its callback reaches kie-edge, which keeps the final record); then asked with no kie.ai call.
  const finished: Record<"edge" | "ablation", string> = { edge: "", ablation: "" };
  for (const name of ["edge", "ablation"] as const) {
    const target = t[name];
    const id = await create(target.own, t.auth);
    await t.sim.complete(id);
    finished[name] = id;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${target.own}${recordPath(id)}`, { headers: t.auth });
      await res.arrayBuffer();
      if (res.headers.get("X-Cache") === "HIT") break;
      if (Date.now() > deadline)
        throw new Error(`${target.name}: recordInfo of a finished task never answered X-Cache HIT`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const hit = { method: t.hit.method, headers: t.hit.headers, body: t.hit.body };
  const stored = {
    headers: t.auth,
    accept: (s: number, h: Record<string, unknown>) => s === 200 && h["x-cache"] === "HIT",
  };
  for (const connections of [1, 10]) {
    const asks = {
      edgeHit: { url: `${t.edge.own}/api/v1/common/download-url`, pid: t.edge.pid, opts: hit },
      edge: { url: `${t.edge.own}${recordPath(finished.edge)}`, pid: t.edge.pid, opts: stored },
      ablationHit: { url: `${t.ablation.own}/api/v1/common/download-url`, pid: t.ablation.pid, opts: hit },
      ablation: { url: `${t.ablation.own}${recordPath(finished.ablation)}`, pid: t.ablation.pid, opts: stored },
    };
    const runs = await interleave(asks, { ...how, connections });
    const [e, eh, a, ah] = [runs.edge, runs.edgeHit, runs.ablation, runs.ablationHit];
    const label = `${connections} connection${connections === 1 ? "" : "s"}`;
    rows.push(
      { figure: `recordInfo of a finished task (X-Cache HIT), ${label}`, measured: loopLine(e), ablation: loopLine(a) },
      { figure: `cache hit (download-url), same loop, ${label}`, measured: loopLine(eh), ablation: loopLine(ah) },
      {
        figure: `recordInfo of a finished task: added over the cache-hit path, ${label}`,
        measured: addedLine(e, eh),
        ablation: addedLine(a, ah),
        goal: "p50 ≤ 1 ms (ablation)",
        ok: median(minus(a, ah, "p50")) <= 1,
      },
    );
  }
  return rows;
}
