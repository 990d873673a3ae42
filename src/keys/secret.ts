import { randomToken } from "../net";

/** What every runtime key starts with, so people and secret scanners recognise one. */
export const KEY_PREFIX = "ke_";
/** Random bytes in a key: 256 bits, as 43 base64url characters. */
const RANDOM_BYTES = 32;
/**
 * A key: `ke_`, 43 characters of randomness and 6 of its CRC-32 (base64url). The check digits are public — they
 * guard against typos and truncated copies, which are refused as malformed at the edge without asking the
 * coordinator, not against forgery (the randomness does that).
 */
export const KEY_SHAPE = /^ke_[A-Za-z0-9_-]{49}$/;
/** How much of a key lists show: `ke_` and 8 characters (48 of its 256 random bits). */
const DISPLAY_LENGTH = 11;
/** A key's id: `key_` and 16 base64url characters. Not secret: it names the key in lists, logs and the audit. */
export const KEY_ID = /^key_[A-Za-z0-9_-]{16}$/;

/**
 * A new key's secret.
 *
 * @example
 * ```ts
 * newKeySecret() // "ke_Qm9…" (52 characters)
 * ```
 */
export function newKeySecret(): string {
  const body = randomToken(RANDOM_BYTES);
  return `${KEY_PREFIX}${body}${checkDigits(body)}`;
}

/**
 * A new key id.
 *
 * @example
 * ```ts
 * newKeyId() // "key_3fQ…"
 * ```
 */
export function newKeyId(): string {
  return `key_${randomToken(12)}`;
}

/** Whether a bearer token is meant as a runtime key (and not a PROXY_TOKENS token). */
export function looksLikeKey(token: string): boolean {
  return token.startsWith(KEY_PREFIX);
}

/** Whether a key is well formed: its shape, and check digits that match its body. */
export function wellFormed(key: string): boolean {
  return KEY_SHAPE.test(key) && checkDigits(key.slice(3, -6)) === key.slice(-6);
}

/** What lists show of a key. */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_LENGTH);
}

let table: Uint32Array | undefined;

// CRC-32 (IEEE) of the body's characters, as 6 base64url characters.
function checkDigits(body: string): string {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (let i = 0; i < body.length; i++) crc = (table[(crc ^ body.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  crc = (crc ^ 0xffffffff) >>> 0;
  const bytes = String.fromCharCode(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
  return btoa(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
