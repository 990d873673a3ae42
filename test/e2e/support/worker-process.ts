import { devProcesses, listeningPorts, peakGrowth as peakGrowthOf, rssMiB } from "../../../bench/proc";
import type { WranglerDev } from "../../../scripts/lib/wrangler-dev";

/** The workerd process that runs the Worker under a `wrangler dev`, and the runtime's own port in front of it. */
export interface WorkerProcess {
  pid: number;
  /** The Worker's own origin, behind wrangler's local proxy (which buffers what it relays: not the Worker's cost). */
  url: string;
  /** The process's resident memory now, MiB. */
  rssMiB(): Promise<number>;
}

/**
 * Finds the Worker's process and own port (Linux, from /proc, as the benchmarks do); undefined elsewhere.
 *
 * @example
 * ```ts
 * const worker = await workerProcess(stack.dev)
 * const before = await worker?.rssMiB()
 * ```
 */
export async function workerProcess(dev: WranglerDev): Promise<WorkerProcess | undefined> {
  const procs = await devProcesses(dev.pid);
  if (!procs) return undefined;
  for (const port of await listeningPorts(procs.worker)) {
    const url = `http://127.0.0.1:${port}`;
    const status = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return { pid: procs.worker, url, rssMiB: () => rssMiB(procs.worker) };
  }
  return undefined;
}

/**
 * Runs `work` while sampling the process's RSS every 20 ms; answers its result and the peak growth over the RSS
 * before it, MiB.
 */
export function peakGrowth<T>(worker: WorkerProcess, work: () => Promise<T>) {
  return peakGrowthOf(worker.pid, work);
}
