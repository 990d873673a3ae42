import { performance } from "node:perf_hooks";

/** What a batch of requests came to: counts by status, the slowest answer, and anything that never answered. */
export interface Outcome {
  requests: number;
  statuses: Record<number, number>;
  maxMs: number;
  /** Requests that got no answer within the client's own limit: a hang. */
  hung: number;
}

/**
 * Sends `n` requests, `concurrency` at a time, each bounded by `limitMs` on the client side, and tallies them.
 *
 * @example
 * ```ts
 * const outcome = await fire(100, 10, () => stack.ask("/api/v1/chat/credit"))
 * ```
 */
export async function fire(
  n: number,
  concurrency: number,
  send: (signal: AbortSignal) => Promise<Response>,
  limitMs = 20_000,
): Promise<Outcome> {
  const outcome: Outcome = { requests: n, statuses: {}, maxMs: 0, hung: 0 };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const start = performance.now();
      try {
        const res = await send(AbortSignal.timeout(limitMs));
        await res.arrayBuffer();
        outcome.statuses[res.status] = (outcome.statuses[res.status] ?? 0) + 1;
      } catch {
        outcome.hung++;
      }
      outcome.maxMs = Math.max(outcome.maxMs, performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcome;
}
