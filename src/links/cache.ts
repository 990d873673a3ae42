import type { CachedLink, KvLinkStore } from "./kv-store";
import type { MemoryCache } from "./memory-cache";

/** Where a cached link was found. */
export type CacheLevel = "memory" | "kv";

/** The link cache as the resolver sees it: memory first, then KV. */
export interface LinkCache {
  get(key: string): Promise<(CachedLink & { level: CacheLevel }) | undefined>;
  put(key: string, link: CachedLink): void;
  delete(key: string): void;
}

/**
 * Two levels: the isolate's LRU, then Workers KV. A KV hit is copied into memory, so the next ask in this isolate
 * costs no KV call; a new link goes to both; a dead one leaves both.
 *
 * @example
 * ```ts
 * const cache = twoLevelCache(isolateMemory, kvLinkStore({ ... }), { now: Date.now, minRemainingMs: 300_000 })
 * ```
 */
export function twoLevelCache(
  memory: MemoryCache,
  kv: KvLinkStore,
  clock: { now: () => number; minRemainingMs: number },
): LinkCache {
  return {
    async get(key) {
      const inMemory = memory.get(key, clock.now(), clock.minRemainingMs);
      if (inMemory) return { ...inMemory, level: "memory" };
      const inKv = await kv.get(key);
      if (!inKv) return undefined;
      memory.set(key, inKv);
      return { ...inKv, level: "kv" };
    },
    put(key, link) {
      memory.set(key, link);
      kv.put(key, link);
    },
    delete(key) {
      memory.delete(key);
      kv.delete(key);
    },
  };
}
