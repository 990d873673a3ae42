import type { Context } from "hono";
import type { AppEnv } from "../http/types";
import { UpstreamError } from "./errors";
import { toApiError } from "./status-map";

/**
 * Awaits work that may call kie.ai; when it fails upstream, notes the failure and attempt count in the request's
 * log line and throws the caller-facing error of the status-mapping table.
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
    c.var.log.upstreamStatus = err.code ?? err.failure;
    c.var.log.upstreamAttempts = err.attempts;
    throw toApiError(err);
  }
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
  c.var.log.upstreamStatus = 200;
  c.var.log.upstreamAttempts = attempts;
  c.header("X-Upstream-Attempts", String(attempts));
}
