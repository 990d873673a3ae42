// The ids and secrets kie-edge makes, each made one way.

/**
 * A message id (`msg_` and 32 hex digits): an alert's or a relay's, the same on every delivery attempt so receivers
 * can drop repeats (Standard Webhooks' `webhook-id`).
 *
 * @example
 * ```ts
 * messageId() // "msg_3f2a…"
 * ```
 */
export function messageId(): string {
  return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
}

/**
 * `bytes` random bytes, base64url without padding: unguessable, and safe in a URL path or a header.
 *
 * @example
 * ```ts
 * randomToken(32) // 43 characters
 * ```
 */
export function randomToken(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...random))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** A callback reference: 256 random bits, the callback URL's only secret when kie.ai's callbacks are not signed. */
export const CALLBACK_REF = /^[A-Za-z0-9_-]{43}$/;

/** A new callback reference (see `CALLBACK_REF`). */
export function callbackRef(): string {
  return randomToken(32);
}
