import { base64, hmacSha256 } from "../net";

// Fixed, so a caller's secret stays the same as long as CALLBACK_SIGNING_KEY does.
const SALT = new TextEncoder().encode("kie-edge callback relay v1");

/**
 * A caller's own relay signing secret, derived with HKDF-SHA256 from `CALLBACK_SIGNING_KEY` and the caller's name:
 * one configured secret serves every caller, no caller can compute another's, and rotating it rotates all.
 * The Standard Webhooks key and kie.ai's scheme's HMAC key are the same 32 bytes.
 *
 * @example
 * ```ts
 * const { secret, key } = await callerSecret(rootKey, "web") // secret: "whsec_…"
 * ```
 */
export async function callerSecret(root: Uint8Array, caller: string): Promise<{ secret: string; key: Uint8Array }> {
  const ikm = await crypto.subtle.importKey("raw", root, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: SALT, info: new TextEncoder().encode(caller) },
    ikm,
    256,
  );
  const key = new Uint8Array(bits);
  return { secret: `whsec_${base64(key)}`, key };
}

/** How far kie.ai's callback timestamp may be from the gateway's clock. */
export const CALLBACK_TOLERANCE_S = 300;

/**
 * kie.ai's callback signature: `X-Webhook-Signature` = base64(HMAC-SHA256(taskId + "." + timestamp)) under the
 * account's webhook HMAC key, with `X-Webhook-Timestamp` (Unix seconds).
 *
 * @example
 * ```ts
 * headers.set("X-Webhook-Signature", await kieSignature(key, taskId, timestamp))
 * ```
 */
export async function kieSignature(
  key: Uint8Array | string,
  taskId: string,
  timestamp: number | string,
): Promise<string> {
  return base64(await hmacSha256(key, `${taskId}.${timestamp}`));
}

/**
 * Checks a kie.ai callback's signature: the timestamp within ±300 s of `now`, and the signature equal to the
 * expected one in constant time. Returns what is wrong, or undefined when it holds.
 *
 * @example
 * ```ts
 * const problem = await verifyKieSignature(key, taskId, req.header("X-Webhook-Timestamp"), req.header("X-Webhook-Signature"), Date.now())
 * ```
 */
export async function verifyKieSignature(
  key: string,
  taskId: string,
  timestamp: string | undefined,
  signature: string | undefined,
  now: number,
): Promise<string | undefined> {
  if (!timestamp || !signature) return "the callback is not signed (X-Webhook-Timestamp, X-Webhook-Signature)";
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - now / 1000) > CALLBACK_TOLERANCE_S) {
    return "the callback's timestamp is not within 300 s of now";
  }
  const encoder = new TextEncoder();
  const [expected, given] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(await kieSignature(key, taskId, timestamp))),
    crypto.subtle.digest("SHA-256", encoder.encode(signature.trim())),
  ]);
  // Digests first, so both sides have one length and the comparison's time says nothing about the signature.
  return crypto.subtle.timingSafeEqual(expected, given) ? undefined : "the callback's signature does not match";
}
