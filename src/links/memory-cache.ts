import { Lru } from "../storage";
import { type CachedLink, isServable } from "./kv-store";

/**
 * An in-isolate LRU of links, bounded by entry count, in front of KV: a hit costs no KV call. It honours each
 * link's expiry exactly as the KV level does (a link is served only while `minRemainingMs` of it is left), and a
 * link found past that is evicted on the spot.
 *
 * @example
 * ```ts
 * const memory = new MemoryCache(1000)
 * memory.set(key, { link, expiresAt })
 * memory.get(key, Date.now(), 300_000)
 * ```
 */
export class MemoryCache extends Lru<CachedLink> {
  /** The link if it is here and still servable; refreshes its recency. */
  override get(key: string, now = Date.now(), minRemainingMs = 0): CachedLink | undefined {
    const entry = super.get(key);
    if (!entry || isServable(entry, now, minRemainingMs)) return entry;
    this.delete(key);
    return undefined;
  }
}
