import type { HTTPException } from "hono/http-exception";
import { apiError } from "../http/envelope";
import type { UpstreamError } from "./errors";

// kie.ai codes that are the caller's business: passed on as they are, with kie.ai's own message.
const PASSED_ON: Record<number, string> = {
  402: "not enough kie.ai credits",
  422: "kie.ai refused the parameters",
  505: "this kie.ai feature is disabled",
};

/**
 * Turns a failed upstream call into what the caller receives (the README's status-mapping table):
 * 402/422/505 pass through with kie.ai's message; 429 and 455 pass through with `Retry-After` when known;
 * 401/404 become 502 because the server's key or base URL is wrong, not the caller's token; a timeout becomes
 * 504; anything else (network, 5xx, malformed body, unknown codes) becomes 502. An HTTP error status without a
 * kie.ai body counts as that code. Every message names the cause
 * and the attempt count.
 *
 * @example
 * ```ts
 * try { await kie.credit() } catch (err) { if (err instanceof UpstreamError) throw toApiError(err) }
 * ```
 */
export function toApiError(err: UpstreamError): HTTPException {
  const tries = `after ${err.attempts} attempt${err.attempts === 1 ? "" : "s"}`;
  const headers = { "X-Upstream-Attempts": String(err.attempts) };
  const retryAfter: Record<string, string> =
    err.retryAfterMs === undefined ? {} : { "Retry-After": String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) };

  switch (err.failure) {
    case "timeout":
      return apiError(504, `kie.ai did not answer in time (${err.message}) ${tries}`, headers);
    case "budget":
      return apiError(504, `not asked: ${err.message}`, headers);
    case "network":
      return apiError(502, `kie.ai could not be reached (${err.message}) ${tries}`, headers);
    case "malformed":
      return apiError(502, `kie.ai sent a malformed response (${err.message}) ${tries}`, headers);
    case "http":
    case "code":
      return fromCode(err, tries, headers, retryAfter);
  }
}

function fromCode(
  err: UpstreamError,
  tries: string,
  headers: Record<string, string>,
  retryAfter: Record<string, string>,
): HTTPException {
  const code = err.code ?? 500;
  const said = err.message ? ` (${err.message})` : "";
  const passed = PASSED_ON[code];
  if (passed) return apiError(code, err.message || passed, headers);
  switch (code) {
    case 429:
      return apiError(429, `kie.ai rate limit reached${said} ${tries}`, { ...headers, ...retryAfter });
    case 455:
      return apiError(455, `kie.ai is under maintenance${said} ${tries}`, { ...headers, ...retryAfter });
    case 401:
      return apiError(
        502,
        "kie.ai refused this server's API key (code 401): the gateway's KIE_API_KEY is missing or invalid; your proxy token is fine",
        headers,
      );
    case 404:
      return apiError(
        502,
        "kie.ai answered 404 for a fixed endpoint: the gateway's KIE_BASE_URL is probably wrong; your request is fine",
        headers,
      );
    default:
      return apiError(502, `kie.ai failed with code ${code}${said} ${tries}`, headers);
  }
}
