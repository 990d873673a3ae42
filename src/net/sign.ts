// HMAC-SHA256 signing, the one way kie-edge signs what it sends (alerts, relayed callbacks) and checks what it
// receives (kie.ai's callbacks).

/**
 * HMAC-SHA256 of `message` under `key` (raw bytes, or a string's UTF-8 bytes).
 *
 * @example
 * ```ts
 * base64(await hmacSha256("secret", `${taskId}.${timestamp}`))
 * ```
 */
export async function hmacSha256(key: Uint8Array | string, message: string): Promise<Uint8Array> {
  const bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
  const hmac = await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(message)));
}

/**
 * Standard base64 of bytes.
 *
 * @example
 * ```ts
 * base64(new Uint8Array([1, 2, 3])) // "AQID"
 * ```
 */
export function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Standard Webhooks signature headers (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature` = `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the `whsec_` key.
 * The id stays the same on every retry; the timestamp is the attempt's, as receivers check it for freshness.
 *
 * @example
 * ```ts
 * const headers = await signatureHeaders(key, alert.id, Math.floor(Date.now() / 1000), body)
 * ```
 */
export async function signatureHeaders(
  key: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  const mac = await hmacSha256(key, `${id}.${timestamp}.${body}`);
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${base64(mac)}` };
}

/**
 * SHA-256 of a text, in hex: how kie-edge keeps and looks up the secrets callers present (never the secrets).
 *
 * @example
 * ```ts
 * await sha256Hex("ke_…") // 64 hex digits
 * ```
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let hex = "";
  for (const byte of digest) hex += HEX[byte];
  return hex;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
