// `npm run soak [-- --seconds N]`: a bounded soak of the real wrangler dev — 50 connections mixing cache hits,
// misses, balance calls and bad requests — checking that every answer has an expected status, nothing errors,
// no line of ours says "unhandled error", and the Worker's heap after a full collection stays flat. Writes its table to
// test/artifacts/report-soak.md (npm test prints it) and exits non-zero on any violation.
import { mkdir, writeFile } from "node:fs/promises";
import autocannon from "autocannon";
import { startWranglerDev } from "../scripts/lib/wrangler-dev";
import { serveSimulator } from "../simulator/serve";
import { openDevTools } from "./inspector";
import { devProcesses, rssMiB } from "./proc";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1] || 60);
const KEY = "sk-soak-kie-key-0123456789";
const TOKEN = "soak-token-0123456789abcdefghij";
const json = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
const EXPECTED = new Set([200, 400, 401, 404, 422]);

const sim = await serveSimulator({ apiKey: KEY });
const dev = await startWranglerDev({
  vars: {
    KIE_BASE_URL: sim.url,
    KIE_API_KEY: KEY,
    PROXY_TOKENS: `soak:${TOKEN}`,
    ACCESS_LOG: process.env.SOAK_LOG ?? "errors",
  },
  variant: { rateLimit: 1_000_000 },
});
// Misses cycle over a bounded set of files that KV never keeps (see LINK_MIN_REMAINING_SECONDS below) and memory
// keeps for 50 s: every ask for one of them after that is a real miss, and the store does not grow for ever.
const MISS_FILES = 300;
let miss = 0;
const file = (name: string) => `https://tempfile.aiquickdraw.com/soak/${name}`;
const requests: autocannon.Request[] = [
  {
    method: "POST",
    path: "/api/v1/common/download-url",
    headers: json,
    body: JSON.stringify({ url: file("hot.png") }),
  },
  {
    method: "POST",
    path: "/api/v1/common/download-url",
    headers: json,
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ url: file(`miss-${miss++ % MISS_FILES}.png`) }) }),
  },
  { method: "GET", path: "/api/v1/chat/credit", headers: json },
  {
    method: "POST",
    path: "/api/v1/common/download-url",
    headers: json,
    body: JSON.stringify({ url: "http://169.254.169.254/" }),
  },
  { method: "POST", path: "/api/v1/common/download-url", headers: json, body: '{"url": ' },
  { method: "GET", path: "/api/v1/chat/credit" },
  { method: "GET", path: "/api/v1/nothing-here", headers: json },
];

try {
  const procs = await devProcesses(dev.pid);
  await autocannon({ url: dev.url, connections: 10, duration: 5, requests }); // warm up: first compilations, caches
  const devtools = await openDevTools(dev.inspectorPort);
  const heapBefore = await devtools.heapAfterGc();
  const rss: number[] = [];
  const sampler = setInterval(async () => {
    if (procs) rss.push(await rssMiB(procs.worker).catch(() => Number.NaN));
  }, 2000);
  const result = await autocannon({ url: dev.url, connections: 50, duration: seconds, requests });
  clearInterval(sampler);
  const heapAfter = await devtools.heapAfterGc();
  devtools.close();

  const statuses = Object.entries(result.statusCodeStats ?? {}).map(
    ([code, s]) => [Number(code), s?.count ?? 0] as const,
  );
  const unexpected = statuses.filter(([code]) => !EXPECTED.has(code)).reduce((n, [, count]) => n + count, 0);
  const ourErrors = (dev.output().match(/unhandled error/g) ?? []).length;
  const growth = heapAfter - heapBefore;
  const checks = [
    ["unexpected statuses", unexpected, unexpected === 0],
    ["connection errors and timeouts", result.errors + result.timeouts, result.errors + result.timeouts === 0],
    ['"unhandled error" lines from kie-edge', ourErrors, ourErrors === 0],
    [
      "Worker JS heap after a full collection, before → after the soak",
      `${heapBefore.toFixed(2)} → ${heapAfter.toFixed(2)} MiB`,
      growth < 2,
    ],
  ] as const;
  const table = [
    `Soak: ${seconds} s, 50 connections, ${requests.length} kinds of request in turn (hits, misses, balance, SSRF URL, malformed JSON, no token, unknown path).`,
    "",
    "| figure | value | |",
    "|---|---|---|",
    `| requests served | ${result.requests.total.toLocaleString("en-US")} (${Math.round(result.requests.average)} req/s) | |`,
    `| statuses | ${statuses.map(([code, count]) => `${count.toLocaleString("en-US")}× ${code}`).join(", ")} | |`,
    `| Worker process RSS (not capped locally; V8 grows before it collects) | ${rss.length ? `${Math.min(...rss).toFixed(0)} → ${Math.max(...rss).toFixed(0)} MiB` : "Linux only"} | |`,
    `| upstream calls (simulator) | ${(sim.state.calls.credit + sim.state.calls["download-url"]).toLocaleString("en-US")} | |`,
    ...checks.map(([name, value, ok]) => `| ${name} | ${value} | ${ok ? "✅" : "❌"} |`),
  ].join("\n");
  console.log(`\n${table}\n`);
  await mkdir("test/artifacts", { recursive: true });
  await writeFile("test/artifacts/report-soak.md", `${table}\n`);
  process.exitCode = checks.every(([, , ok]) => ok) ? 0 : 1;
} finally {
  await dev.stop();
  await sim.close();
}
