import * as z from "zod/mini";
import { linkKey } from "./key";

/** A download link and the moment it dies (epoch ms). */
export interface CachedLink {
  link: string;
  expiresAt: number;
}

const Stored = z.object({ link: z.string(), expiresAt: z.number() });

// KV refuses an expirationTtl under 60 seconds.
const KV_MIN_TTL_SECONDS = 60;
// Let the location's edge cache keep a read this long: other isolates nearby then skip the trip to KV's store.
// The time check on read still applies, so a cached copy is never served past its servable life.
const READ_CACHE_TTL_SECONDS = 60;

/** What the KV level needs from its surroundings. */
export interface KvLinkStoreOptions {
  kv: KVNamespace;
  /** A link is served only while at least this much of its life is left. */
  minRemainingMs: number;
  now: () => number;
  /** Keeps the write alive after the response has gone (`ctx.waitUntil`). */
  waitUntil: (promise: Promise<unknown>) => void;
  /** Told when KV fails; the request goes on without the cache. */
  onError: (op: "get" | "put" | "delete", error: unknown) => void;
}

/** The KV level of the link cache, addressed by `fileId` (the KV key is its hash). */
export interface KvLinkStore {
  /** A servable link, or undefined on a miss, a link too close to death, or a KV failure. */
  get(id: string): Promise<CachedLink | undefined>;
  /** Stores in the background until the link stops being servable; skipped when that is under KV's minimum. */
  put(id: string, value: CachedLink): void;
  /** Forgets a link that turned out dead before its time (in the background). */
  delete(id: string): void;
}

/**
 * Workers KV as the shared level of the link cache. An entry's `expirationTtl` ends exactly when the link stops
 * being servable, so KV drops it by itself; a read still checks the time, since KV expiry is not to the second.
 * KV trouble never fails a request: reads fall through to upstream and writes are dropped, both reported.
 *
 * @example
 * ```ts
 * const store = kvLinkStore({ kv: env.STORE, minRemainingMs: 300_000, now: Date.now,
 *   waitUntil: (p) => ctx.waitUntil(p), onError: (op) => console.warn({ event: "kv_error", op }) })
 * const hit = await store.get(fileId(url))
 * ```
 */
export function kvLinkStore(options: KvLinkStoreOptions): KvLinkStore {
  const { kv, minRemainingMs, now } = options;

  async function get(id: string): Promise<CachedLink | undefined> {
    let raw: unknown;
    try {
      raw = await kv.get(await linkKey(id), { type: "json", cacheTtl: READ_CACHE_TTL_SECONDS });
    } catch (error) {
      options.onError("get", error);
      return undefined;
    }
    const stored = z.safeParse(Stored, raw);
    return stored.success && isServable(stored.data, now(), minRemainingMs) ? stored.data : undefined;
  }

  function put(id: string, value: CachedLink): void {
    const ttl = Math.floor((value.expiresAt - minRemainingMs - now()) / 1000);
    if (ttl < KV_MIN_TTL_SECONDS) return;
    const write = async () => kv.put(await linkKey(id), JSON.stringify(value), { expirationTtl: ttl });
    options.waitUntil(write().catch((error: unknown) => options.onError("put", error)));
  }

  function remove(id: string): void {
    const drop = async () => kv.delete(await linkKey(id));
    options.waitUntil(drop().catch((error: unknown) => options.onError("delete", error)));
  }

  return { get, put, delete: remove };
}

/**
 * Whether a link still has at least `minRemainingMs` of life at `now`.
 *
 * @example
 * ```ts
 * isServable({ link, expiresAt: Date.now() + 600_000 }, Date.now(), 300_000) // true
 * ```
 */
export function isServable(link: CachedLink, now: number, minRemainingMs: number): boolean {
  return link.expiresAt - now >= minRemainingMs;
}
