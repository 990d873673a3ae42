// `npm run bench`: kie-edge against its floors, all in one run on loopback so the ratios hold on a noisy machine.
// Real `wrangler dev` processes (kie-edge with the default ACCESS_LOG=all and with ACCESS_LOG=errors, constant and
// platform floors, a pass-through Worker) and the kie.ai simulator; autocannon for throughput. Prints one table,
// writes bench/results.json and BENCHMARKS.md. BENCH_ROUNDS (default 5) and BENCH_SECONDS (default 5) set the
// interleaved rounds and the length of each throughput run.
import { bundleSize } from "../scripts/lib/bundle-size";
import { serveSimulator } from "../simulator/serve";
import { hitPath } from "./hit-path";
import { startTarget } from "./lib/targets";
import { machine, type Row, report } from "./report";
import { stream } from "./stream";
import { upstream } from "./upstream";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const KEY = "sk-bench-kie-key-0123456789";
const TOKEN = "bench-token-0123456789abcdefghij";
const auth = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
const file = (name: string) => `https://tempfile.aiquickdraw.com/bench/${name}`;

const METHOD = `## How each figure is measured

- **Where**: every figure but one is taken on each Worker's **own port** — the runtime's, behind \`wrangler dev\`'s
  local proxy. The proxy (a second workerd and wrangler itself) adds its own fixed cost to every request, which
  dilutes every ratio; the hit path is given through it once, for comparison. Benchmarked \`wrangler dev\`s run
  with \`X_LOCAL_OBSERVABILITY=false\`: wrangler's local trace collector otherwise costs each request ~0.7 ms of CPU.
- **Floors**: a Worker that returns a constant (\`bench/workers/constant.ts\`); the **platform floor**, which first
  asks the same rate-limit binding kie-edge asks on every request and sits behind the same static-assets router
  (\`bench/workers/platform.ts\`) — locally both are emulated by other workers in the same process and cost far
  more than deployed, so the ratio against this floor is the cost of kie-edge's own code; and a pass-through
  Worker that forwards to the simulator. Each floor is sent the very same request as kie-edge.
- **Default configuration**: \`ACCESS_LOG\` unset means \`all\` — one log line per request — and that is what a fresh
  deploy gets; it is measured against floors that log one line too. \`ACCESS_LOG=errors\` against silent floors.
- **Cache hit**: \`POST /api/v1/common/download-url\` for a URL already cached (the in-isolate level answers), full
  middleware included: request id, auth, rate limit, body parsing and validation, headers. ${"`"}BENCH_ROUNDS${"`"}
  interleaved rounds (floor, kie-edge, platform floor), each run ${"`"}BENCH_SECONDS${"`"} long, at 1 and at 10
  connections; median [min–max] of the per-round ratios. **CPU per request** is what the Worker's workerd process
  used (utime + stime from /proc) over the requests it answered; added CPU is kie-edge's minus the floor's, round
  by round. The machine's load average is given beside the memory row.
- **Proxied call**: \`GET /api/v1/chat/credit\` with the simulator answering after 20 ms, 320 sequential asks
  alternating between kie-edge and the pass-through Worker; the first 20 of each are warm-up; p50 and p99 compared.
- **Burst**: 100 concurrent asks for one uncached URL, the simulator answering after 100 ms; upstream calls are
  counted by the simulator.
- **Batch**: 100 distinct uncached URLs in one call, the simulator answering each after 50 ms, \`BATCH_CONCURRENCY\` 5;
  median wall time of 3 calls against 100 / 5 × 50 ms.
- **Stream**: after a 10 MiB warm-up, 200 MiB then 1 GiB through \`/api/v1/common/download\`; the RSS of the
  workerd process running the Worker is sampled every 20 ms; growth is peak minus the RSS before the download. The
  body is pulled through a stall watchdog chunk by chunk, so chunks become garbage the runtime collects: growth is
  GC lag, bounded, not the file. Linux only (\`/proc\`).
- **Memory**: the RSS of each Worker's process after its throughput runs. That process also runs wrangler's local
  emulations (KV, rate limits, the assets router, ...), so RSS says more about the local runtime than about a
  Worker; the soak (\`npm run soak\`) checks the Worker's own JS heap after full collections.
- **Footprint**: \`npm run size\`.`;

const sim = await serveSimulator({ apiKey: KEY });
const edgeVars = { KIE_BASE_URL: sim.url, KIE_API_KEY: KEY, PROXY_TOKENS: `bench:${TOKEN}` };
// The per-caller rate limit is raised: one benchmark caller sends in a second what a caller may send in a minute.
const targets = await Promise.all([
  startTarget("edge (ACCESS_LOG unset = all)", { vars: edgeVars, variant: { rateLimit: 1_000_000 } }),
  startTarget("edge (ACCESS_LOG=errors)", {
    vars: { ...edgeVars, ACCESS_LOG: "errors" },
    variant: { rateLimit: 1_000_000 },
  }),
  startTarget("constant", { config: "bench/workers/constant.toml", vars: {}, readyPath: "/" }),
  startTarget("constant, logging", { config: "bench/workers/constant-logged.toml", vars: {}, readyPath: "/" }),
  startTarget("platform", { config: "bench/workers/platform.toml", vars: {}, readyPath: "/" }),
  startTarget("platform, logging", { config: "bench/workers/platform.toml", vars: { LOG: "1" }, readyPath: "/" }),
  startTarget("pass-through", {
    config: "bench/workers/passthrough.toml",
    vars: { UPSTREAM: sim.url },
    readyPath: "/",
  }),
]);
const [edgeAll, edgeErrors, constant, constantLogged, platform, platformLogged, passthrough] = targets;

try {
  const rows: Row[] = [];
  // The floors get the very same request (method, headers, body): the comparison is of the work behind it.
  const request = { method: "POST" as const, headers: auth, body: JSON.stringify({ url: file("hot.png") }) };
  for (const edge of [edgeAll, edgeErrors]) {
    await fetch(`${edge.own}/api/v1/common/download-url`, request).then((res) => res.arrayBuffer());
  }
  rows.push(
    ...(await hitPath(
      { log: "all", edge: edgeAll, constant: constantLogged, platform: platformLogged },
      { rounds: ROUNDS, seconds: SECONDS, request },
    )),
    ...(await hitPath(
      { log: "errors", edge: edgeErrors, constant, platform },
      { rounds: ROUNDS, seconds: SECONDS, request },
    )),
    ...(await upstream({ edge: edgeErrors, passthrough, sim, auth, kieKey: KEY, file })),
    ...(await stream({ edge: edgeErrors, sim, auth, file })),
  );
  const size = await bundleSize();
  rows.push({
    figure: "bundle (wrangler deploy --dry-run --minify)",
    measured: `${size.gzipKiB} KiB gzip (${size.rawKiB} KiB raw)`,
    goal: "≤ 64 KiB gzip",
    ok: size.gzipKiB <= 64,
  });
  await report(rows, {
    machine: machine(),
    settings: `${ROUNDS} rounds of ${SECONDS} s per throughput figure`,
    method: METHOD,
  });
} finally {
  await Promise.all(targets.map((t) => t.dev.stop()));
  await sim.close();
}
