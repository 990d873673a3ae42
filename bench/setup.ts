// What `npm run bench` and `npm run bench:check` run against: the kie.ai simulator in-process, a fake OpenAI
// upstream, and the Workers each section needs — kie-edge as configured and its ablation twin (each from a copy of
// the working tree, so edits meanwhile cannot reload them), the floors, and the peer gateway.
import { serveSimulator } from "../simulator/serve";
import { type FakeOpenAI, serveFakeOpenAI } from "./lib/fake-openai";
import { type Peer, preparePortkey } from "./lib/portkey";
import { snapshotWorker, type WorkerSnapshot } from "./lib/snapshot";
import { startTarget, startTargets, type Target, type TargetOptions } from "./lib/targets";

export const KEY = "sk-bench-kie-key-0123456789";
export const TOKEN = "bench-token-0123456789abcdefghij";
/** An admin caller, on the keys target only (it makes the runtime key the hit is measured with). */
export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
export const auth = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
const HMAC_KEY = "bench-kie-webhook-hmac-key";
const SIGNING_KEY = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;

/** Every Worker a section may ask for. */
export type TargetName =
  | "edgeAll"
  | "edgeErrors"
  | "ablationAll"
  | "ablationErrors"
  | "ablationOff"
  | "constant"
  | "constantLogged"
  | "passthrough"
  | "createFloor"
  | "peer"
  | "keys";

export interface Stack {
  sim: Awaited<ReturnType<typeof serveSimulator>>;
  openai: FakeOpenAI;
  targets: Partial<Record<TargetName, Target>>;
  /** The peer's config, or why it is not here (also when it was not asked for). */
  peer: Peer;
  /** How a fresh kie-edge / ablation twin is started (cold start), from the same copies. */
  options: { edge: TargetOptions & { config: string }; ablation: TargetOptions & { config: string } };
  /** Stops the Workers (the copies stay, for cold starts). */
  stopTargets(): Promise<void>;
  /** Stops everything and removes the copies. */
  close(): Promise<void>;
}

/**
 * @example
 * ```ts
 * const stack = await startStack(new Set(["edgeErrors", "passthrough"]))
 * ```
 */
export async function startStack(wanted: Set<TargetName>): Promise<Stack> {
  const sim = await serveSimulator({ apiKey: KEY, balance: 1_000_000_000, webhookHmacKey: HMAC_KEY });
  // kie.ai allows 20 new tasks per 10 s and ~10 record polls a second per account: raised on both sides for the
  // benchmark, which creates hundreds of tasks a second (kie-edge: KIE_TASK_RATE at its maximum, 1,000 a second).
  sim.state.taskRate = { ...sim.state.taskRate, limit: 1_000_000_000, windowMs: 1000 };
  sim.state.recordRate = { limit: 1_000_000_000, windowMs: 1000 };
  sim.state.taskRecordRate = { limit: 1_000_000_000, windowMs: 1000 };
  sim.state.taskSettings.durationMs = null;
  const openai = await serveFakeOpenAI(20);
  const snapshots: WorkerSnapshot[] = [await snapshotWorker({ rateLimit: 1_000_000 })];
  snapshots.push(await snapshotWorker({ main: "bench/workers/ablation.ts", assets: false }));
  const [edgeSnap, ablationSnap] = snapshots as [WorkerSnapshot, WorkerSnapshot];
  // kie-edge with one more path, which loops its own fetch in-process (bench/workers/keys.ts): only when asked for.
  const keysSnap = wanted.has("keys")
    ? await snapshotWorker({ rateLimit: 1_000_000, main: "bench/workers/keys.ts" })
    : undefined;
  if (keysSnap) snapshots.push(keysSnap);
  const vars = {
    KIE_BASE_URL: sim.url,
    KIE_API_KEY: KEY,
    PROXY_TOKENS: `bench:${TOKEN}`,
    KIE_WEBHOOK_HMAC_KEY: HMAC_KEY,
    CALLBACK_SIGNING_KEY: SIGNING_KEY,
    KIE_TASK_RATE: "1000",
    KIE_TASK_RATE_WINDOW_S: "1",
    // No lost-callback look at the tasks the benchmark leaves running, while it runs.
    TASK_FIRST_LOOK_S: "3600",
  };
  const edge = (config: string, log?: string) => ({ config, vars: log ? { ...vars, ACCESS_LOG: log } : vars });
  const floor = (config: string, readyBody: string, floorVars = {}) => ({
    config,
    vars: floorVars,
    readyPath: "/",
    readyBody,
  });
  let peer: Peer = wanted.has("peer") ? await preparePortkey() : { skipped: "not asked for" };
  const all: Record<TargetName, TargetOptions | undefined> = {
    edgeAll: edge(edgeSnap.config),
    edgeErrors: edge(edgeSnap.config, "errors"),
    ablationAll: edge(ablationSnap.config, "all"),
    ablationErrors: edge(ablationSnap.config, "errors"),
    ablationOff: edge(ablationSnap.config, "off"),
    constant: floor("bench/workers/constant.toml", "constant"),
    constantLogged: floor("bench/workers/constant-logged.toml", "constant"),
    passthrough: {
      config: "bench/workers/passthrough.toml",
      vars: { UPSTREAM: sim.url, OPENAI_UPSTREAM: openai.url },
      readyPath: "/__bench/ready",
      readyBody: "pass-through",
    },
    createFloor: {
      config: "bench/workers/create-floor.toml",
      vars: { KIE_BASE_URL: sim.url, KIE_API_KEY: KEY },
      readyPath: "/",
      readyBody: "create floor",
    },
    peer: undefined,
    keys: keysSnap && {
      config: keysSnap.config,
      vars: {
        ...vars,
        ACCESS_LOG: "errors",
        PROXY_TOKENS: `bench:${TOKEN},bench-admin:${ADMIN_TOKEN}`,
        CALLER_POLICIES: JSON.stringify({ "bench-admin": { admin: true } }),
      },
    },
  };
  const names = [...wanted].filter((n) => all[n]);
  const close = async () => {
    await Promise.all(snapshots.map((s) => s.remove()));
    await openai.close();
    await sim.close();
  };
  let started: Target[] = [];
  try {
    started = await startTargets(names.map((n) => [n, all[n] as TargetOptions]));
  } catch (error) {
    await close();
    throw error;
  }
  // The peer is started on its own: where it cannot run here, it is skipped loudly, not the whole benchmark.
  if ("config" in peer) {
    try {
      started.push(await startTarget("peer", floor(peer.config, "AI Gateway says hey!")));
      names.push("peer");
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0] ?? "";
      console.error(`\nbench: PEER SKIPPED — Portkey's gateway did not run here: ${reason}\n`);
      peer = { skipped: `did not run here: ${reason}` };
    }
  }
  const stopTargets = () => Promise.all(started.map((t) => t.dev.stop())).then(() => {});
  return {
    sim,
    openai,
    targets: Object.fromEntries(names.map((n, i) => [n, started[i]])),
    peer,
    options: { edge: edge(edgeSnap.config, "errors"), ablation: edge(ablationSnap.config, "errors") },
    stopTargets,
    close: async () => {
      await stopTargets();
      await close();
    },
  };
}
