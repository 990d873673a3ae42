import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv, LogFields } from "./types";

/**
 * Writes one structured JSON line per request (Workers Logs index the fields): request id, caller name, method,
 * route pattern (never the raw path, which may hold anything), status, duration, and what the route added to
 * `c.get("log")` (cache, upstream status and attempts, file host and hash), and the caller's own `X-Request-Id` as
 * `clientRequestId` when it is a short safe token. Also stamps kie-edge's own `X-Request-Id` on every response,
 * errors included. `ACCESS_LOG=errors` keeps only the lines worth reading — 4xx/5xx, retried upstream
 * calls, KV trouble — for busy deployments (Workers Logs counts every line); `off` keeps none.
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
    c.header("X-Request-Id", c.get("requestId"));
    await next();
    // Routes answering through `c` already carry it; only set it where it is missing, since setting a header on a
    // finished response copies the response.
    if (!c.res.headers.has("X-Request-Id")) c.header("X-Request-Id", c.get("requestId"));
    const status = c.res.status;
    if (!worthLogging(c, status, fields)) return;
    const { file, ...facts } = fields;
    console.log({
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      msg: "request",
      requestId: c.get("requestId"),
      ...clientRequestId(c.req.header("X-Request-Id")),
      caller: c.get("caller"),
      method: c.req.method,
      route: routeOf(c),
      status,
      durationMs: Date.now() - started,
      ...facts,
      ...(file ? { fileHost: file.host, fileHash: await file.hash() } : {}),
    });
  };
}

// A caller's own id, to correlate with its logs: only a short token of safe characters, else nothing.
function clientRequestId(header: string | undefined): { clientRequestId?: string } {
  return header && /^[\w.:-]{1,64}$/.test(header) ? { clientRequestId: header } : {};
}

function worthLogging(c: Context<AppEnv>, status: number, fields: LogFields): boolean {
  const config = c.get("configResult");
  const mode = config.ok ? config.config.accessLog : "all";
  if (mode === "all") return true;
  return mode === "errors" && (status >= 400 || fields.kvError !== undefined || (fields.upstreamAttempts ?? 0) > 1);
}

function routeOf(c: Context): string {
  // Middleware is registered as ALL; the handler that answered is the last route with a method.
  const route = matchedRoutes(c).findLast((r) => r.method !== "ALL");
  return route?.path ?? "unmatched";
}
