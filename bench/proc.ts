// What the benchmark reads about processes, from /proc (Linux). Elsewhere these figures are skipped.
import { readdir, readFile, readlink } from "node:fs/promises";

/** The workerd processes under a `wrangler dev`: the one running the Worker, and wrangler's dev proxy. */
export interface DevProcesses {
  /** Runs the Worker itself (the one with an inspector). */
  worker: number;
  /** wrangler's local dev proxy in front of it (not part of a deployment). */
  proxy?: number;
}

/**
 * Finds the workerd processes a `wrangler dev` started.
 *
 * @example
 * ```ts
 * const { worker } = await devProcesses(dev.pid)
 * ```
 */
export async function devProcesses(root: number): Promise<DevProcesses | undefined> {
  const procs = await readdir("/proc").catch(() => [] as string[]);
  const parent = new Map<number, number>();
  const workerds: number[] = [];
  for (const entry of procs.filter((e) => /^\d+$/.test(e))) {
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const m = /^(\d+) \((.*)\) \S+ (\d+)/.exec(stat);
    if (!m) continue;
    parent.set(Number(m[1]), Number(m[3]));
    if (m[2] === "workerd") workerds.push(Number(m[1]));
  }
  const under = (pid: number): boolean => pid === root || (pid > 1 && under(parent.get(pid) ?? 0));
  let worker: number | undefined;
  let proxy: number | undefined;
  for (const pid of workerds.filter(under)) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8");
    if (cmd.includes("--inspector-addr")) worker = pid;
    else proxy = pid;
  }
  return worker ? { worker, proxy } : undefined;
}

/**
 * A process's resident memory, MiB.
 *
 * @example
 * ```ts
 * await rssMiB(pid) // 63.4
 * ```
 */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Runs `work` while sampling `pid`'s RSS every 20 ms; answers its result, the peak RSS and the peak's growth over the
 * RSS before, MiB (all 0 without a pid).
 *
 * @example
 * ```ts
 * const { result, growthMiB } = await peakGrowth(pid, () => download(url))
 * ```
 */
export async function peakGrowth<T>(pid: number | undefined, work: () => Promise<T>) {
  const baseline = pid ? await rssMiB(pid) : 0;
  let peak = baseline;
  const sample = async () => {
    if (pid) peak = Math.max(peak, await rssMiB(pid).catch(() => 0));
  };
  const sampler = setInterval(sample, 20);
  try {
    const result = await work();
    if (pid) peak = Math.max(peak, await rssMiB(pid));
    return { result, baselineMiB: baseline, peakMiB: peak, growthMiB: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The TCP ports a process listens on.
 *
 * @example
 * ```ts
 * await listeningPorts(pid) // [45489, 34565]
 * ```
 */
export async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m?.[1]) inodes.add(m[1]);
  }
  const rows = (await readFile("/proc/net/tcp", "utf8")).split("\n").slice(1);
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter((f) => f[3] === "0A" && inodes.has(f[9] ?? ""))
    .map((f) => Number.parseInt(f[1]?.split(":")[1] ?? "0", 16));
}
