// One throughput run against a Worker, with what its process spent on it.
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { cpuMicros, type Target } from "./targets";

/** What one run came to. */
export interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** CPU the Worker's process used per request, µs (0 where /proc is missing). */
  cpuUs: number;
  failed: number;
}

/**
 * Loads `path` of a target (on its own port, or through wrangler's proxy) for `seconds` with `connections`, and
 * counts the CPU its workerd process used meanwhile.
 *
 * @example
 * ```ts
 * const run = await throughput(edge, { path: "/healthz", connections: 10, seconds: 5 })
 * ```
 */
export async function throughput(
  target: Target,
  opts: { path: string; connections: number; seconds: number; proxy?: boolean; request?: Partial<autocannon.Options> },
): Promise<Run> {
  const before = cpuMicros(target.pid);
  const result = await autocannon({
    url: `${opts.proxy ? target.url : target.own}${opts.path}`,
    connections: opts.connections,
    duration: opts.seconds,
    ...opts.request,
  });
  const used = cpuMicros(target.pid) - before;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs: result.requests.total ? used / result.requests.total : 0,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Milliseconds one request takes, body read.
 *
 * @example
 * ```ts
 * const ms = await timed(`${edge.url}/api/v1/chat/credit`, { headers })
 * ```
 */
export async function timed(url: string, init: RequestInit): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return performance.now() - start;
}
