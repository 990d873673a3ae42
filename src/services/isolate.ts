import type { ArchivedCopy } from "../archive";
import type { Config, ConfigResult, ProxyToken } from "../config";
import { VerifiedKeys } from "../keys";
import { MemoryCache, type ResolvedLink } from "../links";
import { Lru } from "../storage";
import type { FinalRecord } from "../tasks";
import type { KieClient } from "../upstream";

/**
 * Everything kie-edge keeps from one request to the next, in one place. A Worker isolate serves many requests and
 * these live as long as it does; nothing else in kie-edge holds state between requests. All of it can be rebuilt
 * from the environment and from KV, so losing it (a new isolate) costs only time.
 */
export const isolate = {
  /** The parsed settings, per `env` object: Workers hand every request of an isolate the same one. */
  configs: new WeakMap<object, ConfigResult>(),
  /** One kie.ai client per parsed config. */
  kieClients: new WeakMap<Config, KieClient>(),
  /** Links kept in memory in front of KV (LRU); its capacity follows `LINK_MEMORY_ENTRIES`. */
  linkMemory: new MemoryCache(1000),
  /** kie.ai calls for links under way, by file id: concurrent misses for one file share one call. */
  linkCalls: new Map<string, Promise<ResolvedLink>>(),
  /** Archived copies by file identity, and files known not to be archived (for a minute): see ArchiveLookup. */
  archived: new Lru<{ copy: ArchivedCopy | null; until: number }>(1000),
  /** The key archive links are signed with, per root secret (settled, never a promise shared across requests). */
  archiveLinkKeys: new WeakMap<Uint8Array, Uint8Array>(),
  /** Final task records the edge has read (see FinalRecords): a poll of a finished task asks no one. */
  finalRecords: new Lru<FinalRecord>(500),
  /** SHA-256 digests (hex) of the configured proxy tokens → caller names, per token list. */
  tokenDigests: new WeakMap<readonly ProxyToken[], Map<string, string>>(),
  /**
   * SHA-256 digests (hex) of the bearer tokens presented lately, valid or not: a caller's next request costs a map
   * lookup instead of a digest. Keyed by the token itself, which no timing of the lookup reveals (the map hashes the
   * whole string with a per-isolate seed); the decision is still made on the digest.
   */
  presentedDigests: new Lru<string>(1000),
  /** Runtime keys the coordinator verified, each trusted until its `validUntil` (at most KEY_CACHE_SECONDS). */
  verifiedKeys: new VerifiedKeys(10_000),
};

/**
 * Forgets everything the isolate kept, as a new isolate would start (tests, between cases).
 *
 * @example
 * ```ts
 * afterEach(() => resetIsolate())
 * ```
 */
export function resetIsolate(): void {
  isolate.configs = new WeakMap();
  isolate.kieClients = new WeakMap();
  isolate.linkMemory.clear();
  isolate.linkCalls.clear();
  isolate.tokenDigests = new WeakMap();
  isolate.presentedDigests.clear();
  isolate.verifiedKeys.clear();
  isolate.finalRecords.clear();
  isolate.archived.clear();
  isolate.archiveLinkKeys = new WeakMap();
}
