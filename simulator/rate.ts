// kie.ai's sliding-window limits (new tasks per account, recordInfo per key), and how to measure a client against
// them afterwards.
import type { RateLimit } from "./state";

/**
 * The most of `times` (epoch ms, any order) inside any window `[t, t + windowMs)` — what a client sent at its
 * busiest, to hold against kie.ai's 20 per 10 s.
 *
 * @example
 * ```ts
 * peakPerWindow([0, 5_000, 9_999, 10_000], 10_000) // 3
 * ```
 */
export function peakPerWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    const from = sorted[start] as number;
    while (end < sorted.length && (sorted[end] as number) < from + windowMs) end++;
    peak = Math.max(peak, end - start);
  }
  return peak;
}

/**
 * Whether one more request at `now` fits under `limit`, given the times of those already admitted (a window
 * `(now - windowMs, now]`, sliding: kie.ai rejects the excess rather than queueing it).
 *
 * @example
 * ```ts
 * if (!fits(admittedTimes, Date.now(), { limit: 20, windowMs: 10_000 })) return rateLimited()
 * ```
 */
export function fits(admitted: Iterable<number>, now: number, { limit, windowMs }: RateLimit): boolean {
  let inWindow = 0;
  for (const at of admitted) if (at > now - windowMs && at <= now) inWindow++;
  return inWindow < limit;
}

/**
 * Whether the `n`-th rejection (from 0) goes out over HTTP 200 rather than 429: spread evenly so that a share
 * `share` of them do (0.5: every other one, starting with HTTP 429).
 *
 * @example
 * ```ts
 * overHttp200(state.rejectedForRate, state.taskRate.http200Share)
 * ```
 */
export function overHttp200(n: number, share: number): boolean {
  return Math.floor((n + 1) * share) > Math.floor(n * share);
}
