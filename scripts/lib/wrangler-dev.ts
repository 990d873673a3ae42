import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports";
import { stopGroup, track } from "./process-group";
import { type Variant, writeVariant } from "./wrangler-config";

export { freePort } from "./ports";

const ROOT = join(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** A running `wrangler dev`. */
export interface WranglerDev {
  url: string;
  /** What wrangler and the worker printed (the worker's log lines among it): the last 1 MiB of it. */
  output(): string;
  /** The wrangler process; the workerd it runs is a descendant. */
  pid: number;
  /** wrangler's DevTools endpoint for the Worker (`/json` lists it). */
  inspectorPort: number;
  /** Where its local KV lives (`wrangler kv ... --local --persist-to` reaches it). */
  persistTo: string;
  stop(): Promise<void>;
}

// Enough for any test's assertions, bounded so a benchmark's millions of log lines cost no memory.
const OUTPUT_LIMIT = 1024 * 1024;

/** What to start: the worker's vars and secrets, and optionally a port and extra wrangler flags. */
export interface WranglerDevOptions {
  vars: Record<string, string>;
  port?: number;
  config?: string;
  /**
   * Run kie-edge's own wrangler.toml with changes a test harness needs: another entry module (a wrapper around
   * the real worker) and/or every [[ratelimits]] limit raised, for suites that send more than a caller may.
   */
  variant?: Variant;
  args?: string[];
  /** How long to wait for /healthz (or `readyPath`) to answer. */
  timeoutMs?: number;
  readyPath?: string;
  /** How often to ask it meanwhile (200 ms unless told; a cold-start benchmark asks more often). */
  readyPollMs?: number;
}

/**
 * Starts the real `wrangler dev` on 127.0.0.1 with local KV in a fresh directory, and resolves once the worker
 * answers. Vars and secrets go through an `--env-file` (mode 0600, deleted on stop) rather than the command line,
 * and a developer's own `.dev.vars` is not read. Nothing here needs the internet.
 *
 * @example
 * ```ts
 * const dev = await startWranglerDev({ vars: { KIE_BASE_URL: sim.url, KIE_API_KEY: "sk", PROXY_TOKENS: "t:..." } })
 * await fetch(`${dev.url}/healthz`)
 * await dev.stop()
 * ```
 */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const dir = await mkdtemp(join(tmpdir(), "kie-edge-dev-"));
  const envFile = join(dir, "vars.env");
  await writeFile(
    envFile,
    Object.entries(options.vars)
      .map(([k, v]) => `${k}=${envValue(k, v)}\n`)
      .join(""),
    {
      mode: 0o600,
    },
  );
  const port = options.port ?? (await freePort());
  const inspectorPort = await freePort();
  const persistTo = join(dir, "state");
  const config = options.variant ? await writeVariant(dir, options.variant) : options.config;
  const args = [
    "dev",
    ...(config ? ["--config", config] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistTo,
    "--env-file",
    envFile,
    "--show-interactive-dev-session=false",
    ...(options.args ?? []),
  ];
  // Its own process group, so stopping it also stops the workerd it starts.
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    detached: true,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_HIDE_BANNER: "true",
      // wrangler's local trace collector (on by default since 2026) costs the Worker's process ~0.7 ms of CPU per
      // request and doubles its memory; suites and benchmarks measure the Worker, not the collector.
      X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
      NO_COLOR: "1",
      FORCE_COLOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child.pid);
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(
      `${url}${options.readyPath ?? "/healthz"}`,
      child,
      options.timeoutMs ?? 60_000,
      options.readyPollMs ?? 200,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${output}`);
  }
  return { url, output: () => output.slice(-OUTPUT_LIMIT), pid: child.pid ?? 0, inspectorPort, persistTo, stop };
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (res) => res.status < 500 || res.status === 503,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs} ms`);
}

// wrangler's env-file reader keeps a single-quoted value as written, but unescapes only \n and \r inside double
// quotes: JSON settings (CALLER_POLICIES, MODEL_PRICES) must go single-quoted to arrive intact.
function envValue(name: string, value: string): string {
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  if (!value.includes('"') && !value.includes("\\")) return JSON.stringify(value);
  throw new Error(`${name} holds both a quote and a line break or an apostrophe: it cannot go through an env file`);
}
