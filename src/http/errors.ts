import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { redact, secretsOf } from "../config";
import { envelopeResponse } from "./envelope";
import type { AppEnv } from "./types";

/**
 * The last word on every error: an `HTTPException` keeps its status (and its envelope, when it carries one);
 * anything else is our fault, logged with the request id and answered as a 500 envelope that gives the id,
 * never a stack or an HTML page.
 *
 * @example
 * ```ts
 * app.onError(onError)
 * ```
 */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof HTTPException) {
    return err.res ? err.getResponse() : envelopeResponse(err.status, err.message || "request refused");
  }
  const config = c.get("config");
  console.error({
    level: "error",
    msg: "unhandled error",
    requestId: c.get("requestId"),
    error: err.name,
    detail: config ? redact(String(err.message), secretsOf(config)) : "(not logged before the config is read)",
  });
  return envelopeResponse(500, `internal error in kie-edge; request id ${c.get("requestId")}`);
};

/**
 * 404 in the envelope, for paths kie-edge does not serve.
 *
 * @example
 * ```ts
 * app.notFound(notFound)
 * ```
 */
export const notFound: NotFoundHandler<AppEnv> = (c) => {
  const config = c.get("configResult");
  // The path is the caller's own text, echoed to help with typos: printable, short, and never a secret.
  const path = truncate(c.req.path.replace(/[^\x20-\x7e]/g, "?"));
  const shown = config.ok ? redact(path, secretsOf(config.config)) : path;
  return envelopeResponse(404, `no route ${c.req.method} ${shown} in kie-edge`);
};

/**
 * 405 in the envelope, with `Allow`, for a known path asked with the wrong method (for Hono's
 * `methodNotAllowed` middleware).
 *
 * @example
 * ```ts
 * app.use(methodNotAllowed({ app, onMethodNotAllowed }))
 * ```
 */
export function onMethodNotAllowed(c: Context, methods: string[]): Response {
  return envelopeResponse(405, `method ${c.req.method} not allowed here; use ${methods.join(" or ")}`, {
    Allow: methods.join(", "),
  });
}

function truncate(path: string): string {
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}
