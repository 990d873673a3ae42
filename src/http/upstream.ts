import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { UpstreamError, type UpstreamFailure } from "../upstream";
import { apiError } from "./envelope";
import type { AppEnv } from "./types";

// kie.ai codes that reach the caller as they are: the caller's own business (a bad parameter, a record that already
// exists, an input URL kie.ai could not fetch, a 1080P video still processing), or a wait to honour.
const PASSED_ON = new Set([400, 402, 409, 413, 422, 429, 451, 455, 505]);

/**
 * The status a caller gets for a failed upstream call (docs/routes.md, the status-mapping table): 400/402/409/413/422/451/505 pass
 * through, 429 and 455 too with `Retry-After` when known; 401/404 become 502 because the server's key or base URL
 * is wrong, not the caller's token; a timeout, or a batch's URL never asked in time, is 504; anything else
 * (network, 5xx, malformed body, unknown codes) 502. An HTTP error status without a kie.ai body counts as that
 * code. The message is the error's own; `X-Upstream-Attempts` rides along.
 *
 * @example
 * ```ts
 * try { await kie.credit() } catch (err) { if (err instanceof UpstreamError) throw toApiError(err) }
 * ```
 */
export function toApiError(err: UpstreamError): HTTPException {
  const status = statusOf(err);
  const headers = { "X-Upstream-Attempts": String(err.attempts), ...retryAfter(err) };
  // A refusal passed on keeps kie.ai's own data (a 4K video "already generated" lists its URLs).
  const data = status === err.code && err.answer?.data != null ? err.answer.data : undefined;
  if (data === undefined) return apiError(status, err.message, headers);
  return new HTTPException(status as 500, {
    message: err.message,
    res: Response.json({ code: status, msg: err.message, data }, { status, headers }),
  });
}

/**
 * The caller-facing status of a failed upstream call.
 *
 * @example
 * ```ts
 * statusOf(new UpstreamError("timeout", "no answer within 10000 ms", 4)) // 504
 * ```
 */
export function statusOf(err: UpstreamError): number {
  if (err.failure === "timeout" || err.failure === "budget") return 504;
  if (err.failure !== "code" && err.failure !== "http") return 502;
  const code = err.code ?? 500;
  return PASSED_ON.has(code) ? code : 502;
}

// kie.ai's own wait, for the codes that ask the caller to wait.
function retryAfter(err: UpstreamError): Record<string, string> {
  if ((err.code !== 429 && err.code !== 455) || err.retryAfterMs === undefined) return {};
  return { "Retry-After": String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) };
}

/**
 * Awaits work that may call kie.ai; when it fails upstream, notes the failure and attempt count in the request's
 * log line and throws the caller-facing error.
 *
 * @example
 * ```ts
 * const { data } = await guardUpstream(c, kie.credit())
 * ```
 */
export async function guardUpstream<T>(c: Context<AppEnv>, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    throw failedUpstream(c, err);
  }
}

/**
 * The caller-facing error for a failed kie.ai call reported as plain data (from the coordinator, across RPC),
 * noted on the request's log line like `guardUpstream` notes it.
 *
 * @example
 * ```ts
 * if (!outcome.ok && "upstream" in outcome) throw failedUpstream(c, outcome.upstream)
 * ```
 */
export function failedUpstream(
  c: Context<AppEnv>,
  failed: {
    failure: UpstreamFailure;
    detail: string;
    attempts: number;
    code?: number;
    retryAfterMs?: number;
    answer?: { code: number; msg?: string; data: unknown };
  },
): HTTPException {
  const err =
    failed instanceof UpstreamError
      ? failed
      : new UpstreamError(
          failed.failure,
          failed.detail,
          failed.attempts,
          failed.code,
          failed.retryAfterMs,
          failed.answer,
        );
  c.get("log").upstreamStatus = err.code ?? err.failure;
  c.get("log").upstreamAttempts = err.attempts;
  return toApiError(err);
}

/**
 * Notes a successful upstream call on the log line and in `X-Upstream-Attempts`.
 *
 * @example
 * ```ts
 * noteAttempts(c, result.attempts)
 * ```
 */
export function noteAttempts(c: Context<AppEnv>, attempts: number): void {
  c.get("log").upstreamStatus = 200;
  c.get("log").upstreamAttempts = attempts;
  c.header("X-Upstream-Attempts", String(attempts));
}
