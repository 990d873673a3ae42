/**
 * Standard Webhooks signature headers (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature` = `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the `whsec_` key.
 * The id stays the same on every retry; the timestamp is the attempt's, as receivers check it for freshness.
 */
export async function signatureHeaders(
  key: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  const hmac = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`,
  };
}
