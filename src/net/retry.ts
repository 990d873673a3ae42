// Waiting between attempts, the same way for every retry loop (kie.ai calls, webhook deliveries).

/** Time and chance, injectable so tests can drive a retry loop without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

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

/**
 * Runs `work` with a signal that aborts after `ms`, and clears the timer as soon as the work settles (a bare
 * `AbortSignal.timeout` keeps its timer, and with it the request or Durable Object it belongs to, alive to the end).
 *
 * @example
 * ```ts
 * const res = await withTimeout(5000, (signal) => fetch(url, { signal }))
 * ```
 */
export async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException("timed out", "TimeoutError")), ms);
  try {
    return await work(abort.signal);
  } catch (error) {
    // Whatever the work threw once its time was up (an AbortError, a broken stream), the cause is the timeout.
    throw abort.signal.aborted ? abort.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `error` is `withTimeout`'s: the work ran out of time. */
export function timedOut(error: unknown): boolean {
  return error instanceof DOMException && error.name === "TimeoutError";
}
