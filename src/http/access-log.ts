import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv, LogFields } from "./types";

/**
 * Writes one structured JSON line per request (Workers Logs index the fields): request id, caller name, method,
 * route pattern (never the raw path, which may hold anything), status, duration, and what the route added to
 * `c.var.log` (cache, upstream status and attempts, file host and hash). Also stamps `X-Request-Id` on every
 * response, errors included.
 *
 * @example
 * ```ts
 * app.use(requestId(), accessLog())
 * ```
 */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = Date.now();
    const fields: LogFields = {};
    c.set("log", fields);
    await next();
    c.header("X-Request-Id", c.var.requestId);
    const status = c.res.status;
    console.log({
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      msg: "request",
      requestId: c.var.requestId,
      caller: c.var.caller,
      method: c.req.method,
      route: routeOf(c),
      status,
      durationMs: Date.now() - started,
      ...fields,
    });
  };
}

function routeOf(c: Context): string {
  // Middleware is registered as ALL; the handler that answered is the last route with a method.
  const route = matchedRoutes(c).findLast((r) => r.method !== "ALL");
  return route?.path ?? "unmatched";
}
