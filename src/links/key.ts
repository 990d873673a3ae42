/** Bump when the stored value's shape changes, so old entries are simply never read again. */
const PREFIX = "link:v1:";

/**
 * The cache key of a file URL: a prefix plus the SHA-256 (hex) of the URL normalised by the WHATWG parser
 * (lowercase scheme and host, default port dropped, percent-encoding settled) without its fragment, which never
 * reaches a server. The hash keeps keys short and keeps file URLs out of KV listings.
 *
 * @example
 * ```ts
 * await linkKey(new URL("https://File.aiquickdraw.com:443/a.png#x")) // "link:v1:" + sha256("https://file.aiquickdraw.com/a.png")
 * ```
 */
export async function linkKey(url: URL): Promise<string> {
  const normal = new URL(url);
  normal.hash = "";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normal.href));
  return PREFIX + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The short form of a key for logs: enough to correlate requests for one file, never the URL itself.
 *
 * @example
 * ```ts
 * logHash("link:v1:9f86d081884c7d65...") // "9f86d081884c"
 * ```
 */
export function logHash(key: string): string {
  return key.slice(PREFIX.length, PREFIX.length + 12);
}
