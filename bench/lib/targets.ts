// The Workers a benchmark compares, each in its own real `wrangler dev`, and how to reach each one directly.
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { startWranglerDev, type WranglerDevOptions } from "../../scripts/lib/wrangler-dev";
import { devProcesses, listeningPorts } from "../proc";

/** A Worker under test: through wrangler's local proxy (`url`), on its runtime's own port (`own`), its process. */
export interface Target {
  name: string;
  dev: Awaited<ReturnType<typeof startWranglerDev>>;
  url: string;
  own: string;
  /** The workerd process that runs the Worker (Linux only; 0 elsewhere). */
  pid: number;
  /** Milliseconds from spawning `wrangler dev` to the Worker answering its ready path through wrangler's proxy. */
  startMs: number;
}

/** How to start a target and how to know it: a path it answers 200, with `readyBody` somewhere in the body. */
export type TargetOptions = WranglerDevOptions & { readyBody?: string };

/**
 * Starts a `wrangler dev` and finds the Worker's own port — the runtime's, behind wrangler's proxy — by asking
 * each port its workerd process listens on for the ready path (`/healthz` unless told). A port counts only if it
 * answers 200 with `readyBody` (kie-edge: `"status":"ok"`) in the body. None, or no workerd: the run fails naming
 * the target. A benchmark never falls back to the proxy's address, whose own cost would go into one side only.
 *
 * @example
 * ```ts
 * const constant = await startTarget("constant", {
 *   config: "bench/workers/constant.toml", vars: {}, readyPath: "/", readyBody: "constant",
 * })
 * ```
 */
export async function startTarget(name: string, options: TargetOptions): Promise<Target> {
  const readyPath = options.readyPath ?? "/healthz";
  const readyBody = options.readyBody ?? (options.readyPath ? "" : '"status":"ok"');
  const started = performance.now();
  const dev = await startWranglerDev(options).catch((error: Error) => {
    throw new Error(`target "${name}" did not start: ${error.message}`);
  });
  const startMs = performance.now() - started;
  try {
    const proxied = await probe(`${dev.url}${readyPath}`);
    if (proxied.status !== 200 || !proxied.body.includes(readyBody)) {
      throw new Error(`answered ${readyPath} ${proxied.status} through wrangler's proxy, not 200 with "${readyBody}"`);
    }
    const procs = await devProcesses(dev.pid);
    if (!procs) throw new Error(`no workerd process running the Worker was found under wrangler (pid ${dev.pid})`);
    const ports = await listeningPorts(procs.worker);
    const own: string[] = [];
    for (const port of ports) {
      const answer = await probe(`http://127.0.0.1:${port}${readyPath}`);
      if (answer.status === 200 && answer.body.includes(readyBody)) own.push(`http://127.0.0.1:${port}`);
    }
    const [first] = own;
    if (!first) {
      throw new Error(
        `none of its runtime's ports (workerd pid ${procs.worker}: ${ports.join(", ") || "none"}) answered ${readyPath} 200 with "${readyBody}"`,
      );
    }
    return { name, dev, url: dev.url, own: first, pid: procs.worker, startMs };
  } catch (error) {
    await dev.stop();
    throw new Error(`target "${name}" is not where it was meant to be: ${(error as Error).message}`);
  }
}

/**
 * Starts every target at once; if any fails, stops the others and throws with every failure, each naming its target.
 *
 * @example
 * ```ts
 * const [edge, constant] = await startTargets([["edge", edgeOptions], ["constant", constantOptions]])
 * ```
 */
export async function startTargets(list: [string, TargetOptions][]): Promise<Target[]> {
  const settled = await Promise.allSettled(list.map(([name, options]) => startTarget(name, options)));
  const failed = settled.flatMap((s) => (s.status === "rejected" ? [(s.reason as Error).message] : []));
  const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (failed.length === 0) return started;
  await Promise.all(started.map((t) => t.dev.stop()));
  throw new Error(failed.join("\n"));
}

async function probe(url: string): Promise<{ status: number; body: string }> {
  return fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    async (res) => ({ status: res.status, body: await res.text() }),
    () => ({ status: 0, body: "" }),
  );
}

/** CPU time a process has used so far, in microseconds (Linux: utime + stime from /proc, 10 ms ticks). */
export function cpuMicros(pid: number): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * CPU time a process has used so far, in microseconds, to the nanosecond where Linux tells it: the sum of its
 * threads' `se.sum_exec_runtime` (/proc/<pid>/task/<tid>/sched). Falls back to `cpuMicros`' 10 ms ticks where that
 * file is missing. For short loops, whose CPU the ticks cannot resolve.
 */
export function cpuMicrosFine(pid: number): number {
  if (!pid) return 0;
  try {
    let ms = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const sched = readFileSync(`/proc/${pid}/task/${tid}/sched`, "utf8");
      ms += Number(/se\.sum_exec_runtime\s*:\s*([\d.]+)/.exec(sched)?.[1] ?? Number.NaN);
    }
    if (Number.isFinite(ms)) return ms * 1000;
  } catch {
    // A thread that ended between the listing and the read, or no such file here: the ticks will do.
  }
  return cpuMicros(pid);
}
