import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

// wrangler runs detached (its own process group, so stop() can take workerd down with it); this makes sure a
// crash of the process that started it does not leave a workerd behind, burning a core.
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

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
  variant?: { main?: string; rateLimit?: number };
  args?: string[];
  /** How long to wait for /healthz (or `readyPath`) to answer. */
  timeoutMs?: number;
  readyPath?: string;
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
      .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
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
      NO_COLOR: "1",
      FORCE_COLOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid) running.add(child.pid);
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await kill(child);
    running.delete(child.pid ?? 0);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${url}${options.readyPath ?? "/healthz"}`, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${output}`);
  }
  return { url, output: () => output.slice(-OUTPUT_LIMIT), pid: child.pid ?? 0, inspectorPort, persistTo, stop };
}

async function writeVariant(dir: string, variant: NonNullable<WranglerDevOptions["variant"]>): Promise<string> {
  let toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  toml = toml.replace(
    /^main = "(.*)"$/m,
    (_, main: string) => `main = ${JSON.stringify(join(ROOT, variant.main ?? main))}`,
  );
  // Paths in a config are relative to it; this one is written elsewhere.
  toml = toml.replace(/^directory = "(.*)"$/m, (_, dir: string) => `directory = ${JSON.stringify(join(ROOT, dir))}`);
  if (variant.rateLimit) toml = toml.replace(/limit = \d+/g, `limit = ${variant.rateLimit}`);
  const path = join(dir, "wrangler.toml");
  await writeFile(path, toml);
  return path;
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (res) => res.status < 500 || res.status === 503,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs} ms`);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid ?? 0), name);
      } catch {
        // Already gone.
      }
    };
    const force = setTimeout(() => signal("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      signal("SIGKILL");
      resolve();
    });
    signal("SIGTERM");
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: `preferred` if it is, else one the system picks.
 *
 * @example
 * ```ts
 * const port = await freePort(8787)
 * ```
 */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address() as { port: number };
        server.close(() => resolve(bound));
      });
    });
  return (
    (preferred ? await tryPort(preferred) : undefined) ??
    (await tryPort(0)) ??
    Promise.reject(new Error("no free port"))
  );
}
