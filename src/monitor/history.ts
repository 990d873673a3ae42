import type { Sample } from "./model";

export type { Sample } from "./model";

/** How long samples are kept. */
export const HISTORY_SECONDS = 7 * 24 * 3600;

/**
 * Adds a sample in time order and drops those older than 7 days before `now`. A week at one sample per 10 minutes
 * is about 1,000 samples, ~20 KB of JSON: one KV value, one write per run.
 *
 * @example
 * ```ts
 * history = appendSample(history, [Math.floor(now / 1000), 123.4], now)
 * ```
 */
export function appendSample(history: readonly Sample[], sample: Sample, nowMs: number): Sample[] {
  const oldest = Math.floor(nowMs / 1000) - HISTORY_SECONDS;
  const kept = history.filter(([at]) => at >= oldest);
  let i = kept.length;
  while (i > 0 && (kept[i - 1]?.[0] ?? 0) > sample[0]) i--;
  kept.splice(i, 0, sample);
  return kept;
}

/**
 * The samples taken at or after `sinceMs`.
 *
 * @example
 * ```ts
 * samplesSince(history, Date.now() - 24 * 3_600_000)
 * ```
 */
export function samplesSince(history: readonly Sample[], sinceMs: number): Sample[] {
  const since = sinceMs / 1000;
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((history[mid]?.[0] ?? 0) < since) lo = mid + 1;
    else hi = mid;
  }
  return history.slice(lo);
}
