import { backoffMs, type Clock, systemClock, timedOut, withTimeout } from "./retry";

/** Attempts per delivery within one run; what still fails is left for the next run. */
export const ATTEMPTS_PER_RUN = 3;

/** How one delivery went in this run. */
export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/** What to post, and how patiently. */
export interface PostOptions {
  url: string;
  /** What the receiver is called in errors ("the webhook"), never its URL. */
  receiver: string;
  body: string;
  /** The headers of an attempt, given its Unix-seconds timestamp (signatures are per attempt). */
  headers: (timestamp: number) => Promise<Record<string, string>>;
  timeoutMs: number;
  retryBackoffMs: number;
  clock?: Clock;
}

/**
 * Posts a JSON body until a 2xx answers it: a timeout per attempt and up to three attempts with backoff and full
 * jitter. Redirects are not followed (a receiver that moved says so with a 3xx, which is a failure): the body
 * goes to the host that was checked, nowhere else. Errors name the status or the failure, never the URL.
 *
 * @example
 * ```ts
 * const outcome = await postUntilAccepted({ url, receiver: "the webhook", body, headers: async () => ({}), timeoutMs: 5000, retryBackoffMs: 1000 })
 * ```
 */
export async function postUntilAccepted(options: PostOptions): Promise<Delivery> {
  const clock = options.clock ?? systemClock;
  let error = "";
  for (let attempt = 1; attempt <= ATTEMPTS_PER_RUN; attempt++) {
    const headers = await options.headers(Math.floor(clock.now() / 1000));
    try {
      const status = await withTimeout(options.timeoutMs, async (signal) => {
        const res = await fetch(options.url, {
          method: "POST",
          body: options.body,
          signal,
          redirect: "manual",
          headers: { "Content-Type": "application/json", "User-Agent": "kie-edge", ...headers },
        });
        await res.body?.cancel();
        return res.status;
      });
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt };
      error = `${options.receiver} answered HTTP ${status}`;
    } catch (failure) {
      error = timedOut(failure)
        ? `${options.receiver} did not answer within ${options.timeoutMs} ms`
        : `${options.receiver} was unreachable`;
    }
    if (attempt < ATTEMPTS_PER_RUN) await clock.sleep(backoffMs(attempt, options.retryBackoffMs, clock.random));
  }
  return { ok: false, attempts: ATTEMPTS_PER_RUN, error };
}
