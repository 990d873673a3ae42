import type { Sample } from "./model";

export type { Sample } from "./model";

/** How long samples are kept. */
export const HISTORY_SECONDS = 7 * 24 * 3600;

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
