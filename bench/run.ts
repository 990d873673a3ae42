// `npm run bench`: kie-edge's cost per request — as configured and its ablation twin (its own code only) — against
// floors and a peer gateway, all in one run on loopback so the ratios hold on a noisy machine. Prints one table,
// writes bench/results.json and (a full run) BENCHMARKS.md. Knobs: BENCH_ROUNDS (default 5) interleaved rounds,
// BENCH_SECONDS (default 5) per run, BENCH_ONLY=hit,keys,log,proxied,tasks,relay,upstream,stream,cold,size for a subset.
import { performance } from "node:perf_hooks";
import { bundleSize } from "../scripts/lib/bundle-size";
import { accessLogCost } from "./access-log";
import { coldStart } from "./cold-start";
import { hitPath } from "./hit-path";
import { keyHit, makeKey } from "./keys";
import { preparePortkey } from "./lib/portkey";
import { methodText } from "./method";
import { proxied } from "./proxied";
import { records } from "./records";
import { relays } from "./relay";
import { machine, type Row, report } from "./report";
import { ADMIN_TOKEN, auth, KEY, startStack, type TargetName, TOKEN } from "./setup";
import { stream } from "./stream";
import { taskCalls } from "./task-calls";
import { upstream } from "./upstream";

const SECTIONS = ["hit", "keys", "log", "proxied", "tasks", "relay", "upstream", "stream", "cold", "size"] as const;
const NEEDS: Record<(typeof SECTIONS)[number], TargetName[]> = {
  hit: ["edgeAll", "edgeErrors", "ablationAll", "ablationErrors", "constant", "constantLogged"],
  keys: ["keys"],
  log: ["ablationAll", "ablationErrors", "ablationOff", "constant", "constantLogged"],
  proxied: ["edgeErrors", "ablationErrors", "passthrough", "peer"],
  tasks: ["edgeErrors", "ablationErrors", "createFloor"],
  relay: ["edgeErrors", "ablationErrors"],
  upstream: ["edgeErrors", "ablationErrors"],
  stream: ["edgeErrors", "ablationErrors"],
  cold: [],
  size: [],
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const only = new Set(process.env.BENCH_ONLY?.split(",") ?? SECTIONS);
const on = (section: (typeof SECTIONS)[number]) => only.has(section);
const unknown = [...only].filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length) throw new Error(`BENCH_ONLY: no section ${unknown.join(", ")} (there are ${SECTIONS.join(", ")})`);
const started = performance.now();
const file = (name: string) => `https://tempfile.aiquickdraw.com/bench/${name}`;
const how = { rounds: ROUNDS, seconds: SECONDS };

const stack = await startStack(new Set(SECTIONS.filter(on).flatMap((s) => NEEDS[s])));
const t = stack.targets as Required<typeof stack.targets>;
const peer = t.peer ?? { skipped: "skipped" in stack.peer ? stack.peer.skipped : "not started" };
const rows: Row[] = [];
try {
  // The floors get the very same request (method, headers, body): the comparison is of the work behind it.
  const request = { method: "POST" as const, headers: auth, body: JSON.stringify({ url: file("hot.png") }) };
  for (const edge of [t.edgeAll, t.edgeErrors, t.ablationAll, t.ablationErrors, t.ablationOff].filter(Boolean)) {
    await fetch(`${edge.own}/api/v1/common/download-url`, request).then((res) => res.arrayBuffer());
  }
  const pair = { edge: t.edgeErrors, ablation: t.ablationErrors, sim: stack.sim, auth };
  if (on("hit")) {
    rows.push(
      ...(await hitPath(
        { log: "all", edge: t.edgeAll, ablation: t.ablationAll, constant: t.constantLogged },
        { ...how, request },
      )),
    );
    rows.push(
      ...(await hitPath(
        { log: "errors", edge: t.edgeErrors, ablation: t.ablationErrors, constant: t.constant },
        { ...how, request },
      )),
    );
  }
  if (on("keys")) {
    // The same hit with a runtime key (made through the API, as an admin would) beside a PROXY_TOKENS token.
    const key = await makeKey(t.keys, ADMIN_TOKEN, "bench-key");
    rows.push(...(await keyHit(t.keys, { ...how, token: TOKEN, key, file: file("hot.png"), loop: true })));
  }
  if (on("log")) {
    const log = { all: t.ablationAll, errors: t.ablationErrors, off: t.ablationOff };
    rows.push(
      ...(await accessLogCost({ ...log, constant: t.constant, constantLogged: t.constantLogged }, { ...how, request })),
    );
  }
  if (on("proxied")) {
    rows.push(
      ...(await proxied({ ...pair, passthrough: t.passthrough, peer, openai: stack.openai, kieKey: KEY }, how)),
    );
  }
  if (on("tasks")) rows.push(...(await taskCalls({ ...pair, floor: t.createFloor, kieKey: KEY }, how)));
  if (on("tasks")) rows.push(...(await records({ ...pair, kieKey: KEY, hit: request }, how)));
  if (on("relay")) rows.push(...(await relays(pair, { rounds: ROUNDS, perRound: 10 })));
  if (on("upstream")) rows.push(...(await upstream({ ...pair, file, kieKey: KEY })));
  if (on("stream")) rows.push(...(await stream({ ...pair, file })));
  await stack.stopTargets();
  if (on("cold")) {
    const floor = (config: string, readyBody: string) => ({ config, vars: {}, readyPath: "/", readyBody });
    const peerConfig = "config" in stack.peer ? stack.peer : await preparePortkey();
    const cold = {
      ...stack.options,
      constant: floor("bench/workers/constant.toml", "constant"),
      ...("config" in peerConfig ? { peer: floor(peerConfig.config, "AI Gateway says hey!") } : {}),
    };
    rows.push(...(await coldStart(cold, { starts: Math.min(ROUNDS, 3), profiles: 3 })));
  }
  if (on("size")) {
    const size = await bundleSize();
    rows.push({
      figure: "bundle (wrangler deploy --dry-run --minify)",
      measured: `${size.gzipKiB} KiB gzip (${size.rawKiB} KiB raw)`,
      ablation: "(the same code)",
      goal: "≤ 72 KiB gzip",
      ok: size.gzipKiB <= 72,
    });
  }
} finally {
  await stack.close();
}
const took = `took ${((performance.now() - started) / 1000).toFixed(0)} s`;
const subset = only.size < SECTIONS.length ? `; only ${[...only].join(", ")}` : "";
await report(rows, {
  machine: machine(),
  settings: `${ROUNDS} rounds of ${SECONDS} s per figure${subset}; ${took}`,
  method: methodText,
  write: !subset,
});
