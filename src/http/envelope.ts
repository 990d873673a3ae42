import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

// kie.ai's response shape, built here and nowhere else: `{code, msg, data}`, with the HTTP status equal to `code`.

/** kie.ai's envelope. */
export interface Envelope<T> {
  code: number;
  msg: string;
  data: T | null;
}

/**
 * An envelope answer through the context (so headers set on it go out too), typed for `hc` callers by its code
 * and data.
 *
 * @example
 * ```ts
 * return envelope(c, 503, "misconfigured", { problems })
 * ```
 */
export function envelope<const C extends ContentfulStatusCode, T>(c: Context, code: C, msg: string, data: T) {
  return c.json({ code, msg, data }, code);
}

/**
 * The success envelope, as kie.ai sends it: `{ code: 200, msg: "success", data }`.
 *
 * @example
 * ```ts
 * return success(c, 42.5)
 * ```
 */
export function success<T>(c: Context, data: T) {
  return envelope(c, 200, "success", data);
}

/**
 * An envelope response built without a context, for answers given before or outside a route (errors, refusals).
 *
 * @example
 * ```ts
 * return envelopeResponse(422, "url must be an absolute https URL")
 * ```
 */
export function envelopeResponse(code: number, msg: string, headers?: HeadersInit): Response {
  return Response.json({ code, msg, data: null } satisfies Envelope<null>, { status: code, headers });
}

/**
 * An error that reaches the caller as the envelope with `status`; `headers` (e.g. `Retry-After`) ride along.
 * Throw it from anywhere in a request; the app's error handler sends its response.
 *
 * @example
 * ```ts
 * throw apiError(404, "no such route")
 * ```
 */
export function apiError(status: number, msg: string, headers?: HeadersInit): HTTPException {
  // Hono types statuses as the registered ones only; kie.ai's own codes (455, 505) are valid HTTP too.
  return new HTTPException(status as 500, { message: msg, res: envelopeResponse(status, msg, headers) });
}
