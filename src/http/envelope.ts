import { HTTPException } from "hono/http-exception";

/** kie.ai's response shape, kept by every kie-edge response: the HTTP status always equals `code`. */
export interface Envelope<T> {
  code: number;
  msg: string;
  data: T | null;
}

/**
 * Builds an envelope response whose HTTP status equals its `code`.
 *
 * @example
 * ```ts
 * return envelopeResponse(422, "url must be an absolute https URL")
 * ```
 */
export function envelopeResponse<T>(code: number, msg: string, data: T | null = null, headers?: HeadersInit): Response {
  return Response.json({ code, msg, data } satisfies Envelope<T>, { status: code, headers });
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
  return new HTTPException(status as 500, { message: msg, res: envelopeResponse(status, msg, null, headers) });
}
