// `npm run bench:keys`: what runtime caller keys (src/keys) cost, against one real `wrangler dev` of kie-edge (a
// snapshot of the working tree) and the kie.ai simulator:
// - the hit path (`POST /download-url` answered from memory) with a runtime key beside a PROXY_TOKENS token: inside
//   the isolate (bench/workers/keys.ts: in-process loops of kie-edge's own fetch, nothing else running), what a key
//   adds per request (goal ≤ 20 µs) and the throughput it leaves (goal: within 3 %); and over HTTP, in interleaved
//   rounds at 1 and 10 connections, the Worker process's CPU and throughput, local platform emulation included;
// - key management with 10,000 keys: create (through the API, 10 at a time), a key's first use (verify cold: the
//   isolate and KV miss, the coordinator checks its hash among 10,000) against its next (verify warm: the isolate's
//   memory), and revoke → refused in the isolate that revoked it (every other: within KEY_CACHE_SECONDS, by design,
//   measured by test/e2e/keys-revocation.test.ts).
// Prints one table and, run with the defaults, writes it into BENCHMARKS.md between its own markers. Knobs:
// BENCH_ROUNDS (5), BENCH_SECONDS (5), BENCH_KEYS (10,000), BENCH_SAMPLE (1,000 keys used cold then warm).
import { realpathSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { serveSimulator } from "../simulator/serve";
import { type Run, throughput } from "./lib/measure";
import { writeSection } from "./lib/section";
import { snapshotWorker } from "./lib/snapshot";
import { median, pct, spread, whole } from "./lib/stats";
import { cpuMicrosFine, startTarget, type Target } from "./lib/targets";
import { machine, type Row } from "./report";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const SAMPLE = Math.min(KEYS, Number(process.env.BENCH_SAMPLE ?? 1000));
const CREATE_CONCURRENCY = 10;
const LOOP_REQUESTS = 1000;
// Loops drift by ±30 % over a run on a shared VM (neighbours, collection): many short loops, each paired with the
// one beside it, let the pairs' medians see through the drift. Their CPU is read to the ns (cpuMicrosFine).
const LOOP_ROUNDS = 60;
const REVOCATIONS = 20;
const KIE_KEY = "sk-bench-kie-key-0123456789";
const TOKEN = "bench-token-0123456789abcdefghij";
const FILE = "https://tempfile.aiquickdraw.com/bench/hot.png";
const PATH = "/api/v1/common/download-url";

/** What the hit comparison needs: kie-edge on its own port, a PROXY_TOKENS token, a runtime key, a cached file. */
export interface KeyHitOptions {
  rounds: number;
  seconds: number;
  token: string;
  key: string;
  file: string;
  /** The target runs bench/workers/keys.ts: also measure kie-edge's own work per hit inside the isolate. */
  loop?: boolean;
}

/**
 * A runtime key for `caller`, made as an admin would (`POST /api/v1/keys` with an admin caller's token): its secret.
 *
 * @example
 * ```ts
 * const key = await makeKey(target, adminToken, "bench-key")
 * ```
 */
export async function makeKey(target: Target, admin: string, caller: string): Promise<string> {
  const made = await fetch(`${target.own}/api/v1/keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
    body: JSON.stringify({ caller }),
  });
  if (!made.ok) throw new Error(`POST /api/v1/keys answered ${made.status}: ${await made.text()}`);
  return ((await made.json()) as { data: { key: string } }).data.key;
}

/**
 * The cache hit with a runtime key beside a PROXY_TOKENS token — the same request for the same cached link, in
 * interleaved rounds (the order alternating) at 1 and 10 connections: both lines, the key's throughput against the
 * token's and its added Worker CPU per request — and, with `loop`, the same inside the isolate, where the goals
 * (≥ 0.97, ≤ 20 µs) are judged. For `npm run bench` too: give it the target and a key from `makeKey`.
 *
 * @example
 * ```ts
 * rows.push(...(await keyHit(t.edgeErrors, { rounds: 5, seconds: 5, token, key, file: file("hot.png") })))
 * ```
 */
export async function keyHit(target: Target, opts: KeyHitOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const request = (bearer: string) => ({
    method: "POST" as const,
    headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json" },
    body: JSON.stringify({ url: opts.file }),
  });
  for (const bearer of [opts.token, opts.key]) {
    const warm = await fetch(`${target.own}${PATH}`, request(bearer));
    if (warm.status !== 200) throw new Error(`the hit path answered ${warm.status}: ${await warm.text()}`);
  }
  if (opts.loop) rows.push(...(await inIsolate(target, opts)));
  for (const connections of [1, 10]) {
    const runs: Record<"token" | "key", Run[]> = { token: [], key: [] };
    for (let round = 0; round < opts.rounds; round++) {
      // Alternate which goes first, so neither always runs on a machine the other has just warmed.
      const order = round % 2 ? (["key", "token"] as const) : (["token", "key"] as const);
      for (const name of order) {
        const bearer = name === "key" ? opts.key : opts.token;
        runs[name].push(
          await throughput(target, { path: PATH, connections, seconds: opts.seconds, request: request(bearer) }),
        );
      }
    }
    const ratio = runs.key.map((run, i) => run.rps / (runs.token[i]?.rps ?? 1));
    const added = runs.key.map((run, i) => run.cpuUs - (runs.token[i]?.cpuUs ?? 0));
    const label = `${connections} connection${connections === 1 ? "" : "s"}`;
    rows.push(
      { figure: `cache hit with a PROXY_TOKENS token, ${label}`, measured: line(runs.token) },
      { figure: `cache hit with a runtime key, ${label}`, measured: line(runs.key) },
      // No verdict here: the local emulation's ~2–3 ms a request varies by hundreds of µs between runs, far more
      // than the 20 µs asked; the goals are judged in the isolate, where kie-edge's own code is all that runs.
      { figure: `key / token throughput, ${label} (emulation included: no verdict)`, measured: spread(ratio) },
      { figure: `added Worker CPU per hit with a key, ${label} (the same)`, measured: `${spread(added, 0)} µs` },
    );
  }
  return rows;
}

/**
 * kie-edge's own work per cache hit inside the isolate (bench/workers/keys.ts: LOOP_REQUESTS in-process requests
 * a loop, rate limits a no-op), token and key loops alternating, LOOP_ROUNDS each: what a key adds, and the
 * throughput it leaves — without the local platform's emulation, whose cost and noise are ~2 ms a request.
 */
async function inIsolate(target: Target, opts: KeyHitOptions): Promise<Row[]> {
  // The Worker process's CPU over each loop (wall time, which a busy machine stretches, is shown beside it).
  const per = async (bearer: string) => {
    const before = cpuMicrosFine(target.pid);
    const res = await fetch(`${target.own}/__bench/loop?n=${LOOP_REQUESTS}`, {
      method: "POST",
      headers: { "X-Bench-Bearer": bearer },
      body: JSON.stringify({ url: opts.file }),
    });
    if (res.status !== 200) throw new Error(`the loop answered ${res.status}: ${await res.text()}`);
    const { usPerRequest } = (await res.json()) as { usPerRequest: number };
    return { cpu: (cpuMicrosFine(target.pid) - before) / LOOP_REQUESTS, wall: usPerRequest };
  };
  const cpu: Record<"token" | "key", number[]> = { token: [], key: [] };
  const wall: Record<"token" | "key", number[]> = { token: [], key: [] };
  for (let round = 0; round < LOOP_ROUNDS; round++) {
    const order = round % 2 ? (["key", "token"] as const) : (["token", "key"] as const);
    for (const name of order) {
      const run = await per(name === "key" ? opts.key : opts.token);
      cpu[name].push(run.cpu);
      wall[name].push(run.wall);
    }
  }
  // Per adjacent pair, then the median: two loops side by side share the machine's state of the moment.
  const added = median(cpu.key.map((k, i) => k - (cpu.token[i] ?? 0)));
  const ratio = median(cpu.key.map((k, i) => (cpu.token[i] ?? 0) / k));
  const each = `${whole(LOOP_REQUESTS)} in-process hits a loop, ${LOOP_ROUNDS} loops each, alternating`;
  const both = (name: "token" | "key") => `${spread(cpu[name], 1)} µs CPU (${spread(wall[name], 1)} µs wall)`;
  return [
    { figure: `kie-edge's own work per hit in the isolate, PROXY_TOKENS token (${each})`, measured: both("token") },
    { figure: "kie-edge's own work per hit in the isolate, runtime key", measured: both("key") },
    {
      figure: "added CPU per request by a runtime key, in the isolate",
      measured: `${added.toFixed(1)} µs (median over ${LOOP_ROUNDS} adjacent pairs)`,
      goal: "≤ 20 µs",
      ok: added <= 20,
    },
    {
      figure: "key / token throughput in the isolate (hits per CPU second)",
      measured: `${ratio.toFixed(3)} (median over the same pairs)`,
      goal: "≥ 0.97",
      ok: ratio >= 0.97,
    },
  ];
}

/** What the key-management figures need: kie-edge on its own port and an admin's token. */
export interface KeyManagementOptions {
  admin: string;
  keys: number;
  sample: number;
  file: string;
}

/**
 * Key management at scale: `keys` keys made through the API, CREATE_CONCURRENCY at a time; `sample` of them used
 * twice in a row (verify cold: the isolate and KV miss and the coordinator checks the hash among all of them; then
 * warm: the isolate's memory); REVOCATIONS warm keys revoked, each asked with until refused.
 *
 * @example
 * ```ts
 * rows.push(...(await keyManagement(edge, { admin: TOKEN, keys: 10_000, sample: 1000, file })))
 * ```
 */
export async function keyManagement(target: Target, opts: KeyManagementOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const ask = async (path: string, token: string, body?: unknown) => {
    const res = await fetch(`${target.own}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { msg: string; data: Record<string, string> } };
  };
  const made: { id: string; key: string }[] = [];
  const createMs: number[] = [];
  const createStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (next < opts.keys) {
        const i = next++;
        const t = performance.now();
        const answer = await ask("/api/v1/keys", opts.admin, { caller: `team-${i % 100}` });
        if (answer.status !== 200) throw new Error(`POST /api/v1/keys answered ${answer.status}: ${answer.body.msg}`);
        createMs.push(performance.now() - t);
        made.push({ id: answer.body.data.id as string, key: answer.body.data.key as string });
      }
    }),
  );
  const createS = (performance.now() - createStart) / 1000;
  rows.push({
    figure: `create ${whole(opts.keys)} keys through the API, ${CREATE_CONCURRENCY} at a time`,
    measured: `${whole(opts.keys / createS)} a second (${createS.toFixed(1)} s); each p50 ${ms(median(createMs))}, p99 ${ms(pct(createMs, 0.99))}`,
  });

  const timed = async (token: string) => {
    const t = performance.now();
    const answer = await ask(PATH, token, { url: opts.file });
    if (answer.status !== 200) throw new Error(`a key's use answered ${answer.status}: ${answer.body.msg}`);
    return performance.now() - t;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (const { key } of made.slice(0, opts.sample)) {
    cold.push(await timed(key));
    warm.push(await timed(key));
  }
  rows.push(
    {
      figure: `verify cold: a key's first use (memory and KV miss; the coordinator, among ${whole(opts.keys)} keys), ${whole(opts.sample)} keys`,
      measured: `p50 ${ms(median(cold))}, p99 ${ms(pct(cold, 0.99))} (the whole request)`,
    },
    {
      figure: `verify warm: the same key at once again (the isolate's memory), ${whole(opts.sample)} keys`,
      measured: `p50 ${ms(median(warm))}, p99 ${ms(pct(warm, 0.99))} (the whole request)`,
    },
  );

  const refusedMs: number[] = [];
  for (const { id, key } of made.slice(opts.sample, opts.sample + REVOCATIONS)) {
    await timed(key);
    const t = performance.now();
    const revoked = await ask(`/api/v1/keys/${id}/revoke`, opts.admin, { reason: "bench" });
    if (revoked.status !== 200) throw new Error(`revoke answered ${revoked.status}: ${revoked.body.msg}`);
    for (;;) {
      const answer = await ask(PATH, key, { url: opts.file });
      if (answer.status === 401) break;
      if (performance.now() - t > 15_000) throw new Error("a revoked key was still admitted after 15 s");
    }
    refusedMs.push(performance.now() - t);
  }
  rows.push(
    {
      figure: `revoke → refused, the isolate that revoked it (${REVOCATIONS} keys; the revoke call included)`,
      measured: `p50 ${ms(median(refusedMs))}, max ${ms(Math.max(...refusedMs))}`,
      goal: "≤ 10 s",
      ok: Math.max(...refusedMs) <= 10_000,
    },
    {
      figure: "revoke → refused, any other isolate",
      measured: "≤ KEY_CACHE_SECONDS (10 s) by construction; measured by test/e2e/keys-revocation.test.ts",
      goal: "≤ 10 s",
    },
  );
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const rows: Row[] = [];
  const sim = await serveSimulator({ apiKey: KIE_KEY, balance: 1_000_000_000 });
  const snapshot = await snapshotWorker({ rateLimit: 1_000_000, main: "bench/workers/keys.ts" });
  let edge: Target | undefined;
  try {
    edge = await startTarget("edge", {
      config: snapshot.config,
      vars: {
        KIE_BASE_URL: sim.url,
        KIE_API_KEY: KIE_KEY,
        PROXY_TOKENS: `bench:${TOKEN}`,
        CALLER_POLICIES: JSON.stringify({ bench: { admin: true } }),
        ACCESS_LOG: "errors",
      },
    });
    const key = await makeKey(edge, TOKEN, "bench-key");
    rows.push(...(await keyHit(edge, { rounds: ROUNDS, seconds: SECONDS, token: TOKEN, key, file: FILE, loop: true })));
    rows.push(...(await keyManagement(edge, { admin: TOKEN, keys: KEYS, sample: SAMPLE, file: FILE })));
  } finally {
    await edge?.dev.stop();
    await snapshot.remove();
    await sim.close();
  }
  const took = ((performance.now() - started) / 1000).toFixed(0);
  const mark = (r: Row) => (r.ok === undefined ? "" : r.ok ? "✅" : "❌");
  const section = `## Runtime keys (\`npm run bench:keys\`)

${machine()}; ${ROUNDS} interleaved rounds of ${SECONDS} s per hit figure, ACCESS_LOG=errors, the Worker on its own port; took ${took} s.

| figure | measured | goal | |
|---|---|---|---|
${rows.map((r) => `| ${r.figure} | ${r.measured} | ${r.goal ?? ""} | ${mark(r)} |`).join("\n")}

A key on the hit path costs what a PROXY_TOKENS token does — one SHA-256 of the bearer token and one map lookup —
plus a check of the entry's \`validUntil\`; once every KEY_CACHE_SECONDS per isolate the key is verified again by the
coordinator (one RPC), which the rounds include. CPU is the Worker process's (/proc), per request; the local
rate-limit and static-assets emulation are in both columns alike.
`;
  console.log(section);
  // Only a run with the defaults speaks for the project: a quick run with smaller knobs writes nothing.
  const knobs = ["BENCH_ROUNDS", "BENCH_SECONDS", "BENCH_KEYS", "BENCH_SAMPLE"].filter((k) => process.env[k]);
  if (knobs.length === 0) await writeSection("keys", section);
  else console.log(`(${knobs.join(", ")} set: BENCHMARKS.md left as it is)`);
}

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

function line(rs: Run[]): string {
  const failed = rs.reduce((n, r) => n + r.failed, 0);
  return `${spread(
    rs.map((r) => r.rps),
    0,
  )} req/s, ${spread(
    rs.map((r) => r.cpuUs),
    0,
  )} µs CPU/req${failed ? `, ${failed} failed` : ""}`;
}

// Run as a script (`npm run bench:keys`); imported (by `npm run bench`), only the functions above.
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) await main();
