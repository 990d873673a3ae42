// The Workers a benchmark compares, each in its own real `wrangler dev`, and how to reach each one directly.
import { readFileSync } from "node:fs";
import { startWranglerDev, type WranglerDev } from "../../scripts/lib/wrangler-dev";
import { devProcesses, listeningPorts } from "../proc";

/** A Worker under test: through wrangler's local proxy (`url`), on its runtime's own port (`own`), its process. */
export interface Target {
  name: string;
  dev: WranglerDev;
  url: string;
  own: string;
  /** The workerd process that runs the Worker (Linux only; 0 elsewhere). */
  pid: number;
}

/**
 * Starts a `wrangler dev` and finds the Worker's own port (the runtime's, behind wrangler's proxy) by asking each
 * port the process listens on for `readyPath`.
 *
 * @example
 * ```ts
 * const constant = await startTarget("constant", { config: "bench/workers/constant.toml", vars: {}, readyPath: "/" })
 * ```
 */
export async function startTarget(name: string, options: Parameters<typeof startWranglerDev>[0]): Promise<Target> {
  const dev = await startWranglerDev(options);
  const procs = await devProcesses(dev.pid);
  let own = dev.url;
  for (const port of procs ? await listeningPorts(procs.worker) : []) {
    const url = `http://127.0.0.1:${port}`;
    const status = await fetch(`${url}${options.readyPath ?? "/healthz"}`, { signal: AbortSignal.timeout(2000) }).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) own = url;
  }
  return { name, dev, url: dev.url, own, pid: procs?.worker ?? 0 };
}

/** CPU time a process has used so far, in microseconds (Linux: utime + stime from /proc, 10 ms ticks). */
export function cpuMicros(pid: number): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
