import { LINK_LIFETIME_MS } from "../config";
import { type CallOptions, type KieClient, UpstreamError } from "../upstream";
import type { CacheLevel, LinkCache } from "./cache";
import type { CachedLink } from "./kv-store";

/** A link ready to hand out, and how it was obtained. */
export interface ResolvedLink extends CachedLink {
  /** Served from the cache, without an upstream call. */
  cached: boolean;
  /** Which cache level served it. */
  level?: CacheLevel;
  /** Upstream attempts behind it (0 for a cache hit). */
  attempts: number;
  /** Shared another request's upstream call for the same file. */
  coalesced: boolean;
}

/** What finding a link needs: the cache, the kie.ai client, and the calls under way (shared across requests). */
export interface LinkDeps {
  cache: LinkCache;
  kie: KieClient;
  /** kie.ai calls under way, by file id: concurrent misses for one file join one call. */
  calls: Map<string, Promise<ResolvedLink>>;
}

/**
 * Finds a download link for a file (by its `fileId`, which is also what kie.ai is sent): a kie.ai call already
 * under way for the same file is joined, else a servable cached link is used, else kie.ai issues one (its 20
 * minutes counted from the start of the attempt that got it) and it is cached. `fresh` drops the cached link first
 * (it turned out dead).
 *
 * @example
 * ```ts
 * const { link, expiresAt, cached } = await resolveLink(fileId(url), { cache, kie, calls })
 * ```
 */
export async function resolveLink(
  id: string,
  deps: LinkDeps,
  options: { fresh?: boolean; call?: CallOptions } = {},
): Promise<ResolvedLink> {
  const inflight = deps.calls;
  const pending = inflight.get(id);
  if (pending) return join(pending, () => fetchFresh(id, deps, options.call));

  if (options.fresh) deps.cache.delete(id);
  const hit = options.fresh ? undefined : await deps.cache.get(id);
  if (hit) return { ...hit, cached: true, attempts: 0, coalesced: false };

  // Another request may have started the call while this one read KV.
  const started = inflight.get(id);
  if (started) return join(started, () => fetchFresh(id, deps, options.call));

  const call = fetchFresh(id, deps, options.call).finally(() => inflight.delete(id));
  inflight.set(id, call);
  return call;
}

async function fetchFresh(id: string, deps: LinkDeps, call?: CallOptions) {
  const { data, attempts, startedAt } = await deps.kie.downloadUrl(id, call);
  const fresh: CachedLink = { link: data, expiresAt: startedAt + LINK_LIFETIME_MS };
  deps.cache.put(id, fresh);
  return { ...fresh, cached: false, attempts, coalesced: false };
}

async function join(pending: Promise<ResolvedLink>, alone: () => Promise<ResolvedLink>): Promise<ResolvedLink> {
  try {
    return { ...(await pending), coalesced: true };
  } catch (error) {
    // kie.ai's answer applies to every waiter; anything else (the leading request was cancelled, say) does not.
    if (error instanceof UpstreamError) throw error;
    return alone();
  }
}
