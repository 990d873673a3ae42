import { type CachedLink, isServable } from "./kv-store";

/**
 * An in-isolate LRU of links, bounded by entry count, in front of KV: a hit costs no KV call. It honours each
 * link's expiry exactly as the KV level does (a link is served only while `minRemainingMs` of it is left), and a
 * link found past that is evicted on the spot. A Map keeps insertion order, so re-inserting on use makes the
 * first key the least recently used.
 *
 * @example
 * ```ts
 * const memory = new MemoryCache(1000)
 * memory.set(key, { link, expiresAt })
 * memory.get(key, Date.now(), 300_000)
 * ```
 */
export class MemoryCache {
  readonly #entries = new Map<string, CachedLink>();

  constructor(public capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The link if it is here and still servable; refreshes its recency. */
  get(key: string, now: number, minRemainingMs: number): CachedLink | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (!isServable(entry, now, minRemainingMs)) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores a link as the most recently used, evicting the least recently used beyond capacity. */
  set(key: string, entry: CachedLink): void {
    this.#entries.delete(key);
    if (this.capacity <= 0) return;
    this.#entries.set(key, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
