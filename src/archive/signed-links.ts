import { base64, hmacSha256 } from "../net";

/** A signed archive link lives as long as a kie.ai download link: 20 minutes. */
export const ARCHIVE_LINK_MS = 20 * 60_000;
// Fixed, so links stay valid as long as CALLBACK_SIGNING_KEY does, and never verify as anything else's signature.
const INFO = new TextEncoder().encode("kie-edge archive links v1");

/**
 * The key archive links are signed with, derived (HKDF-SHA256) from `CALLBACK_SIGNING_KEY`: one configured secret,
 * and a link's signature can never stand for a relay's or the other way round.
 *
 * @example
 * ```ts
 * const key = await archiveLinkKey(config.tasks.callbackKey)
 * ```
 */
export async function archiveLinkKey(root: Uint8Array): Promise<Uint8Array> {
  const ikm = await crypto.subtle.importKey("raw", root, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: INFO },
    ikm,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * A link to an archived object that needs no token, as kie.ai's download links need none: its path names the
 * object, its query when it dies (Unix seconds) and an HMAC of both.
 *
 * @example
 * ```ts
 * await signedLink(key, "https://edge.example", "v1/web/veo/veo_1/0", Date.now() + ARCHIVE_LINK_MS)
 * ```
 */
export async function signedLink(
  key: Uint8Array,
  origin: string,
  objectKey: string,
  expiresAt: number,
): Promise<string> {
  const expires = Math.floor(expiresAt / 1000);
  const sig = await signature(key, objectKey, expires);
  return `${origin}/archive/file/${objectKey}?expires=${expires}&sig=${sig}`;
}

/** Whether a signed link is genuine and alive at `now`: its signature compared in constant time. */
export async function linkValid(
  key: Uint8Array,
  objectKey: string,
  expires: string,
  sig: string,
  now: number,
): Promise<boolean> {
  if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 <= now) return false;
  const encoder = new TextEncoder();
  const [expected, given] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(await signature(key, objectKey, Number(expires)))),
    crypto.subtle.digest("SHA-256", encoder.encode(sig)),
  ]);
  return crypto.subtle.timingSafeEqual(expected, given);
}

async function signature(key: Uint8Array, objectKey: string, expires: number): Promise<string> {
  return base64(await hmacSha256(key, `${objectKey}.${expires}`))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}
