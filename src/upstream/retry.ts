/** kie.ai codes (and HTTP statuses) worth another attempt: rate limits, maintenance, server trouble. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([429, 455, 500, 502, 503, 504]);

// One backoff step never grows past this, however many retries are configured.
const MAX_STEP_MS = 8_000;

/**
 * Exponential backoff with full jitter: a uniform wait in `[0, base · 2^(retry-1))`, capped.
 *
 * @example
 * ```ts
 * backoffMs(1, 250, Math.random) // somewhere in [0, 250)
 * backoffMs(3, 250, Math.random) // somewhere in [0, 1000)
 * ```
 */
export function backoffMs(retry: number, baseMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(MAX_STEP_MS, baseMs * 2 ** (retry - 1)));
}

/**
 * Reads `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`; undefined when absent or
 * unreadable.
 *
 * @example
 * ```ts
 * retryAfterMs("2", Date.now()) // 2000
 * ```
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
