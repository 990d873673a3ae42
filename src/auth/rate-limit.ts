import type { MiddlewareHandler } from "hono";
import { apiError } from "../http/envelope";
import type { AppEnv } from "../http/types";

/**
 * Per-caller rate limits with the Workers Rate Limiting binding, keyed by the caller's name: `CALLER_LIMIT` for
 * everyone, `CALLER_LIMIT_HIGH` for the callers named in `HIGH_LIMIT_CALLERS`. Over the limit: 429 in the envelope
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
    const { periodSeconds, highCallers } = c.var.config.rateLimit;
    const caller = c.var.caller;
    const limiter = highCallers.includes(caller) ? c.env.CALLER_LIMIT_HIGH : c.env.CALLER_LIMIT;
    let allowed = true;
    try {
      allowed = (await limiter.limit({ key: caller })).success;
    } catch {
      console.warn({ level: "warn", msg: "rate_limit_unavailable", requestId: c.var.requestId, caller });
    }
    if (!allowed) {
      throw apiError(429, `kie-edge rate limit reached for caller '${caller}'; try again in ${periodSeconds} s`, {
        "Retry-After": String(periodSeconds),
      });
    }
    await next();
  };
}
