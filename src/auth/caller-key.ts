import type { Context } from "hono";
import { type AppEnv, apiError } from "../http";
import { type KeyRefusal, type KeyRefusalReason, type Presented, policyOf, verifyPresented } from "../keys";

/** The one place a key refusal of the domain becomes an HTTP status. */
const STATUS: Record<KeyRefusalReason, number> = {
  "malformed-key": 401,
  "unknown-key": 401,
  "expired-key": 401,
  "revoked-key": 401,
  "past-grace": 401,
  "no-such-key": 404,
  "key-conflict": 409,
};

/**
 * The caller-facing error for a refusal about a key: its status by reason, and the bearer challenge with a 401.
 *
 * @example
 * ```ts
 * if (!outcome.ok) throw keyRefused(outcome.refusal)
 * ```
 */
export function keyRefused(refusal: KeyRefusal) {
  const status = STATUS[refusal.reason];
  return apiError(status, refusal.msg, status === 401 ? { "WWW-Authenticate": 'Bearer realm="kie-edge"' } : undefined);
}

/**
 * Admits a request by a runtime key (`token`, whose SHA-256 is `digest`): the isolate's memory, KV, then the
 * coordinator (src/keys `verifyPresented`). Sets the key's caller, its policy (the key's scope narrowing the caller's
 * CALLER_POLICIES entry) and its id; a refusal is a 401 saying which of malformed, unknown, expired, revoked or past
 * its grace the key is, before anything else is done (no kie.ai call). A coordinator that cannot be reached is a
 * 503 to try again, never taken for a refusal.
 *
 * @example
 * ```ts
 * if (looksLikeKey(token)) await admitKey(c, token, await sha256Hex(token))
 * ```
 */
export async function admitKey(c: Context<AppEnv>, token: string, digest: string): Promise<void> {
  let presented: Presented;
  try {
    presented = await verifyPresented(token, digest, c.get("services").keys);
  } catch (error) {
    console.error({ level: "error", msg: "key_unverified", requestId: c.get("requestId"), error: String(error) });
    throw apiError(503, "kie-edge could not verify this key just now: try again", { "Retry-After": "1" });
  }
  if (!presented.ok) throw keyRefused(presented.refusal);
  const { held, level } = presented;
  const { facts } = held;
  c.set("caller", facts.caller);
  c.set("keyId", facts.id);
  c.set("policy", policyOf(held, c.get("config").tasks.policies[facts.caller]));
  const log = c.get("log");
  log.keyId = facts.id;
  log.keyLevel = level;
}
