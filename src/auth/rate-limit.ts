import type { Context, MiddlewareHandler } from "hono";
import { type AppEnv, apiError } from "../http";

/**
 * Per-caller rate limits with the Workers Rate Limiting binding, keyed by the caller's name: `CALLER_LIMIT` for
 * everyone, `CALLER_LIMIT_HIGH` for the callers named in `HIGH_LIMIT_CALLERS` and for runtime keys of the `high`
 * tier (a key's tier decides for its requests, whatever `HIGH_LIMIT_CALLERS` says). Over the limit: 429 in the envelope
 * with `Retry-After`, before any upstream call. The platform counts per location and eventually, so the limit is a
 * guard against runaway clients, not an exact quota. A limiter that fails lets the request through (logged):
 * availability over strictness.
 *
 * @example
 * ```ts
 * app.use("/api/*", requireConfig(), proxyAuth(), callerRateLimit())
 * ```
 */
export function callerRateLimit(): MiddlewareHandler<AppEnv> {
  return async function callerRateLimit(c, next) {
    if ((await takeRequests(c, 1)) === 0) {
      const { msg, retryAfter } = overLimit(c);
      throw apiError(429, msg, { "Retry-After": retryAfter });
    }
    await next();
  };
}

/**
 * Counts `n` more requests against the caller's limit — a batch's items each count like a single ask — and answers
 * how many of them the limit admitted. A limiter that fails admits (logged): availability over strictness.
 *
 * @example
 * ```ts
 * const extra = await takeRequests(c, urls.length - 1)
 * ```
 */
export async function takeRequests(c: Context<AppEnv>, n: number): Promise<number> {
  const caller = c.get("caller");
  // A runtime key's own tier decides; a PROXY_TOKENS caller's, HIGH_LIMIT_CALLERS.
  const tier = c.get("policy").tier;
  const high = tier ? tier === "high" : c.get("config").rateLimit.highCallers.includes(caller);
  const limiter = high ? c.env.CALLER_LIMIT_HIGH : c.env.CALLER_LIMIT;
  const take = async () => {
    try {
      return (await limiter.limit({ key: caller })).success;
    } catch {
      console.warn({ level: "warn", msg: "rate_limit_unavailable", requestId: c.get("requestId"), caller });
      return true;
    }
  };
  // Every request takes one; only a batch takes more, all at once.
  if (n === 1) return (await take()) ? 1 : 0;
  const answers = await Promise.all(Array.from({ length: n }, take));
  return answers.filter(Boolean).length;
}

/**
 * What a caller over its limit is told, and when to come back.
 *
 * @example
 * ```ts
 * const { msg, retryAfter } = overLimit(c)
 * ```
 */
export function overLimit(c: Context<AppEnv>): { msg: string; retryAfter: string } {
  const { periodSeconds } = c.get("config").rateLimit;
  return {
    msg: `kie-edge rate limit reached for caller '${c.get("caller")}'; try again in ${periodSeconds} s`,
    retryAfter: String(periodSeconds),
  };
}
