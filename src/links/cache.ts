import type { CachedLink, KvLinkStore } from "./kv-store";
import type { MemoryCache } from "./memory-cache";

/** Where a cached link was found. */
export type CacheLevel = "memory" | "kv";

/** The link cache as the resolver sees it, addressed by `fileId`: memory first, then KV. */
export interface LinkCache {
  get(id: string): Promise<(CachedLink & { level: CacheLevel }) | undefined>;
  put(id: string, link: CachedLink): void;
  delete(id: string): void;
}

/**
 * Two levels: the isolate's LRU, then Workers KV. A KV hit is copied into memory, so the next ask in this isolate
 * costs no KV call; a new link goes to both; a dead one leaves both.
 *
 * @example
 * ```ts
 * const cache = twoLevelCache(isolateMemory, () => kvLinkStore({ ... }), { now: Date.now, minRemainingMs: 300_000 })
 * ```
 */
export function twoLevelCache(
  memory: MemoryCache,
  kvLevel: () => KvLinkStore,
  clock: { now: () => number; minRemainingMs: number },
): LinkCache {
  // Built on first use: a memory hit never needs it.
  let built: KvLinkStore | undefined;
  const kv = () => {
    built ??= kvLevel();
    return built;
  };
  return {
    async get(id) {
      const inMemory = memory.get(id, clock.now(), clock.minRemainingMs);
      if (inMemory) return { ...inMemory, level: "memory" };
      const inKv = await kv().get(id);
      if (!inKv) return undefined;
      memory.set(id, inKv);
      return { ...inKv, level: "kv" };
    },
    put(id, link) {
      memory.set(id, link);
      kv().put(id, link);
    },
    delete(id) {
      memory.delete(id);
      kv().delete(id);
    },
  };
}
