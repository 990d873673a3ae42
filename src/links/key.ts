import { Lru } from "../storage";

/** Bump when the stored value's shape changes, so old entries are simply never read again. */
const PREFIX = "link:v1:";

/**
 * A file URL's identity: the URL as the WHATWG parser normalises it (lowercase scheme and host, default port
 * dropped, percent-encoding settled) without its fragment, which never reaches a server. Spellings of one file
 * share it; it keys the in-isolate cache and coalescing.
 *
 * @example
 * ```ts
 * fileId(new URL("https://File.aiquickdraw.com:443/a.png#x")) // "https://file.aiquickdraw.com/a.png"
 * ```
 */
export function fileId(url: URL): string {
  // url.hash is "" for an empty fragment ("a.png#"), though the href still ends in "#".
  const hash = url.href.indexOf("#");
  return hash < 0 ? url.href : url.href.slice(0, hash);
}

/**
 * The KV key of a file: a prefix plus the SHA-256 (hex) of its `fileId`. The hash keeps keys short and file URLs
 * out of KV listings; it is only computed when KV is consulted.
 *
 * @example
 * ```ts
 * await linkKey("https://file.aiquickdraw.com/a.png") // "link:v1:" + sha256 of it
 * ```
 */
export async function linkKey(id: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id));
  return PREFIX + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// The short hashes log lines carry, per file: a file asked for again and again is hashed once per isolate.
const logHashes = new Lru<string>(1000);

/**
 * How a file appears in a log line: its host and a short hash, enough to correlate requests for one file, never
 * the URL itself. Both are worked out only when a line is written, so an unlogged cache hit costs neither, and the
 * hash of a file logged before is remembered.
 *
 * @example
 * ```ts
 * c.get("log").file = fileForLog(id) // logged as fileHost and fileHash (12 hex)
 * ```
 */
export function fileForLog(id: string): { readonly host: string; hash: () => Promise<string> } {
  return new FileForLog(id);
}

// A class rather than an object literal with a getter, which V8 builds on a slow path on every request.
class FileForLog {
  readonly #id: string;

  constructor(id: string) {
    this.#id = id;
  }

  get host(): string {
    return new URL(this.#id).hostname;
  }

  hash(): Promise<string> {
    const id = this.#id;
    return logHashes.remember(id, async () => (await linkKey(id)).slice(PREFIX.length, PREFIX.length + 12));
  }
}
