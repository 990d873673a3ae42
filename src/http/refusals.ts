import type { RefusalReason } from "../tasks";
import { apiError } from "./envelope";

/** The one place a domain refusal becomes an HTTP status. */
const STATUS: Record<RefusalReason, number> = {
  "unknown-task": 404,
  "wrong-kind": 422,
  "over-budget": 402,
  overloaded: 429,
  "unknown-ref": 404,
  "other-task": 401,
};

/**
 * The caller-facing error for a refusal by kie-edge's domain: its status by reason, its message, and `Retry-After`
 * where the domain knows when to come back.
 *
 * @example
 * ```ts
 * if (!outcome.ok && "refusal" in outcome) throw refusedWith(outcome.refusal)
 * ```
 */
export function refusedWith(refusal: { reason: RefusalReason; msg: string; retryAfterMs?: number }) {
  const headers: Record<string, string> = {};
  if (refusal.retryAfterMs !== undefined) {
    headers["Retry-After"] = String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)));
  }
  return apiError(STATUS[refusal.reason], refusal.msg, headers);
}
