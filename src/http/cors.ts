import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "./types";

// What a browser caller may read besides the body: the facts kie-edge puts in headers.
const EXPOSED = [
  "X-Request-Id",
  "X-Cache",
  "X-Link-Expires-At",
  "X-Upstream-Attempts",
  "Retry-After",
  "Content-Disposition",
  "Content-Range",
];

/**
 * CORS for browser callers, off unless `CORS_ORIGINS` lists origins: then those exact origins (never `*`) may call
 * with a bearer token, preflight requests are answered before auth, and credentials (cookies) are never allowed —
 * kie-edge authenticates by header only.
 *
 * @example
 * ```ts
 * app.use(browserCors())
 * ```
 */
export function browserCors(): MiddlewareHandler<AppEnv> {
  const allowed = (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => {
    const result = c.get("configResult");
    return result.ok ? result.config.corsOrigins : [];
  };
  const handler = cors({
    origin: (origin, c) => (allowed(c).includes(origin) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST"],
    allowHeaders: ["Authorization", "Content-Type", "Range", "X-Request-Id"],
    exposeHeaders: EXPOSED,
    credentials: false,
    maxAge: 600,
  });
  return async function browserCors(c, next) {
    if (allowed(c).length === 0) return next();
    return handler(c, next);
  };
}
