// npm run bench:archive — result archiving against the real `wrangler dev` (local R2 and Queues) and the simulator:
// a 200 MiB video copied into R2 the moment its task succeeds, and served back from it; what the Worker's process
// grows by meanwhile; and a small /download answered from R2 against one answered through kie.ai's link.
import { performance } from "node:perf_hooks";
import { serveSimulator } from "../simulator/serve";
import { TEST_KIE_KEY, TEST_PROXY_TOKENS, TEST_TOKENS } from "../test/support/fixtures";
import { type DevTools, openDevTools } from "./inspector";
import { pct } from "./lib/stats";
import { cpuMicros, startTarget, type Target } from "./lib/targets";
import { peakGrowth } from "./proc";

const MIB = 1024 * 1024;
const VIDEO = 200 * MIB;
const SMALL = 100 * 1024;
const ROUNDS = 300;
const auth = { Authorization: `Bearer ${TEST_TOKENS.alice}` };

const sim = await serveSimulator({ apiKey: TEST_KIE_KEY });
const edge = await startTarget("edge", {
  vars: { KIE_API_KEY: TEST_KIE_KEY, PROXY_TOKENS: TEST_PROXY_TOKENS, KIE_BASE_URL: sim.url, ARCHIVING: "on" },
  // Its own R2, queue and coordinator: nothing from an earlier run is archived already. No caller limit in the way.
  variant: { rateLimit: 1_000_000 },
  timeoutMs: 90_000,
});
const devtools = await openDevTools(edge.dev.inspectorPort);
// The floor: the same copy and read with no code of kie-edge's (bench/workers/r2-copy.ts), in its own wrangler dev.
const floor = await startTarget("r2-copy", {
  config: "bench/workers/r2-copy.toml",
  vars: {},
  readyPath: "/",
  readyBody: "r2-copy",
});
try {
  const rows: [string, string, string][] = [];
  const video = await archivedTask(edge, "/api/v1/veo/generate", { prompt: "a fox", model: "veo3_fast" }, VIDEO);
  const plain = await floorCopy(floor, "whole");
  const plainParts = await floorCopy(floor, "parts");
  const rate = (seconds: number) => `${(VIDEO / MIB / seconds).toFixed(0)} MiB/s (${seconds.toFixed(1)} s)`;
  const grew = (r: { growthMiB: number; peakMiB: number }) =>
    `${r.growthMiB.toFixed(1)} MiB (RSS ${r.peakMiB.toFixed(0)} MiB)`;
  const cpu = (ms: number) => `${(ms / (VIDEO / MIB)).toFixed(2)} ms`;
  const both = (a: string, b: string) => `${a}; in parts: ${b}`;
  rows.push([
    "copy 200 MiB into R2 (kie-edge: success → archived, queue included)",
    rate(video.seconds),
    both(rate(plain.seconds), rate(plainParts.seconds)),
  ]);
  rows.push(["Worker process growth during the copy", grew(video), both(grew(plain), grew(plainParts))]);
  rows.push(["Worker JS heap, peak over its level before the copy", `${video.heapMiB.toFixed(1)} MiB`, ""]);
  rows.push(["Worker process CPU per MiB copied", cpu(video.cpuMs), both(cpu(plain.cpuMs), cpu(plainParts.cpuMs))]);
  const served = await serve(edge, `/api/v1/archive/${video.taskId}/0`);
  const plainServed = await serve(floor, "/get?key=whole", false);
  const partsServed = await serve(floor, "/get?key=parts", false);
  rows.push([
    "serve 200 MiB back from R2",
    rate(served.seconds),
    both(rate(plainServed.seconds), rate(partsServed.seconds)),
  ]);
  rows.push(["Worker process growth while serving", grew(served), both(grew(plainServed), grew(partsServed))]);
  rows.push(["Worker JS heap, peak over its level before serving", `${served.heapMiB.toFixed(1)} MiB`, ""]);

  // The same size both ways: an archived picture, and a file kie-edge does not keep (its link cached after one ask).
  const picture = await archivedTask(
    edge,
    "/api/v1/jobs/createTask",
    { model: "google/imagen4-fast", input: {} },
    SMALL,
  );
  sim.state.fileSizes["/r/bench-small.png"] = SMALL;
  const fromR2 = await latencies(edge, picture.url);
  const fromLink = await latencies(edge, "https://tempfile.aiquickdraw.com/r/bench-small.png");
  const ms = (r: { p50: number; p99: number }) => `${r.p50.toFixed(2)} / ${r.p99.toFixed(2)} ms`;
  rows.push([`/download of 100 KiB from R2, p50 / p99 (${ROUNDS} each)`, ms(fromR2), ""]);
  rows.push(["… through kie.ai's (cached) link", ms(fromLink), ""]);
  rows.push(["added by answering from R2, p50", `${(fromR2.p50 - fromLink.p50).toFixed(2)} ms`, ""]);
  console.log("\n| figure | kie-edge | platform floor (no kie-edge code): put whole; in parts |\n|---|---|---|");
  for (const [figure, measured, base] of rows) console.log(`| ${figure} | ${measured} | ${base} |`);
} finally {
  devtools.close();
  await floor.dev.stop();
  await edge.dev.stop();
  await sim.close();
}

/** A task started through the gateway, its one file of `size` bytes, finished; timed until kie-edge archived it. */
async function archivedTask(target: Target, path: string, body: object, size: number) {
  sim.state.taskSettings.durationMs = null;
  const created = await post(target, path, body);
  const taskId = (created.data as { taskId: string }).taskId;
  const task = sim.state.tasks[taskId];
  const file = task?.family === "jobs" ? `/tasks/${taskId}/0.png` : `/veo/${taskId}/0.mp4`;
  sim.state.fileSizes[file] = size;
  const cpuBefore = cpuMicros(target.pid);
  const start = performance.now();
  const { growthMiB, peakMiB, heapMiB } = await measured(target, async () => {
    await sim.complete(taskId);
    for (;;) {
      const res = await fetch(`${target.own}/api/v1/archive/${taskId}`, { headers: auth });
      const listed = (await res.json()) as { data?: { files: { state: string; reason?: string }[] } };
      const state = listed.data?.files[0]?.state;
      if (state === "archived") return;
      if (state === "failed") throw new Error(`the copy failed: ${listed.data?.files[0]?.reason}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuMs = (cpuMicros(target.pid) - cpuBefore) / 1000;
  return { taskId, url: `https://tempfile.aiquickdraw.com${file}`, seconds, growthMiB, peakMiB, heapMiB, cpuMs };
}

/**
 * `work` measured two ways: the Worker process's resident memory (local workerd: local R2's storage layer is in it
 * too), and the peak of the Worker's own JS heap over its level before (only kie-edge's target has DevTools open).
 */
async function measured<T>(target: Target, work: () => Promise<T>) {
  const tools: DevTools | undefined = target === edge ? devtools : undefined;
  const before = (await tools?.heapUsed()) ?? 0;
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling && tools) {
      peak = Math.max(peak, await tools.heapUsed());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  try {
    const result = await peakGrowth(target.pid, work);
    return { ...result, heapMiB: tools ? peak - before : Number.NaN };
  } finally {
    sampling = false;
    await sampler;
  }
}

/** The floor's copy of a 200 MiB file from the simulator's file host into R2, timed and measured the same way. */
async function floorCopy(target: Target, key: "whole" | "parts") {
  sim.state.fileSizes["/bench/floor.mp4"] = VIDEO;
  const src = `${sim.url}/files/tempfile.aiquickdraw.com/bench/floor.mp4?expires=${Math.floor(Date.now() / 1000) + 3600}&n=${sim.state.linksIssued + 1_000_000}`;
  const cpuBefore = cpuMicros(target.pid);
  const start = performance.now();
  const { growthMiB, peakMiB, heapMiB } = await measured(target, async () => {
    const parts = key === "parts" ? "&parts" : "";
    const res = await fetch(`${target.own}/copy?key=${key}${parts}&src=${encodeURIComponent(src)}`);
    if ((await res.text()) !== "copied") throw new Error(`the floor's copy answered ${res.status}`);
  });
  return {
    seconds: (performance.now() - start) / 1000,
    growthMiB,
    peakMiB,
    heapMiB,
    cpuMs: (cpuMicros(target.pid) - cpuBefore) / 1000,
  };
}

/** A 200 MiB file streamed back on the Worker's own port (wrangler's proxy buffers what it relays). */
async function serve(target: Target, path: string, authorized = true) {
  const start = performance.now();
  const { result, growthMiB, peakMiB, heapMiB } = await measured(target, async () => {
    const res = await fetch(`${target.own}${path}`, { headers: authorized ? auth : {} });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    let n = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.length;
    return n;
  });
  if (result !== VIDEO) throw new Error(`served ${result} bytes, not ${VIDEO}`);
  return { seconds: (performance.now() - start) / 1000, growthMiB, peakMiB, heapMiB };
}

/** `/download` of `url`, `ROUNDS` times one after another, after a warm-up: p50 and p99 in ms. */
async function latencies(target: Target, url: string) {
  const ask = async () => {
    const res = await fetch(`${target.own}/api/v1/common/download?url=${encodeURIComponent(url)}`, { headers: auth });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200 || bytes !== SMALL) throw new Error(`/download answered ${res.status} with ${bytes} bytes`);
  };
  for (let i = 0; i < 20; i++) await ask();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await ask();
    times.push(performance.now() - start);
  }
  return { p50: pct(times, 0.5), p99: pct(times, 0.99) };
}

async function post(target: Target, path: string, body: object) {
  const res = await fetch(`${target.own}${path}`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { code: number; msg: string; data: unknown };
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${answer.msg}`);
  return answer;
}
