import type { Context } from "hono";
import type { AppEnv } from "../http/types";
import { kvLinkStore, type LinkCache, MemoryCache, type ResolvedLink, twoLevelCache } from "../links";
import { type KieClient, kieFor, noteAttempts } from "../upstream";

/** This isolate's in-memory level of the link cache; its capacity follows `LINK_MEMORY_ENTRIES`. */
export const isolateMemory = new MemoryCache(1000);

/**
 * What the link routes need for one request: the two-level cache (KV trouble logged on the request, writes kept
 * alive with `waitUntil`) and the upstream client.
 *
 * @example
 * ```ts
 * const link = await resolveLink(url.href, key, linkDeps(c))
 * ```
 */
export function linkDeps(c: Context<AppEnv>): { cache: LinkCache; kie: KieClient } {
  const { config } = c.var;
  isolateMemory.capacity = config.linkMemoryEntries;
  const kv = () =>
    kvLinkStore({
      kv: c.env.STORE,
      minRemainingMs: config.linkMinRemainingMs,
      now: Date.now,
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      onError: (op) => {
        c.var.log.kvError = op;
        console.warn({ level: "warn", msg: "kv_error", op, requestId: c.var.requestId });
      },
    });
  let kie: KieClient | undefined;
  return {
    cache: twoLevelCache(isolateMemory, kv, { now: Date.now, minRemainingMs: config.linkMinRemainingMs }),
    get kie() {
      kie ??= kieFor(config);
      return kie;
    },
  };
}

/**
 * What a link route tells about the link it used, the same way on every route: cache facts and upstream attempts
 * on the log line and in `X-Upstream-Attempts`, and the headers `X-Cache` and `X-Link-Expires-At` to send.
 *
 * @example
 * ```ts
 * for (const [name, value] of Object.entries(linkFacts(c, link))) c.header(name, value)
 * ```
 */
export function linkFacts(c: Context<AppEnv>, link: ResolvedLink): Record<string, string> {
  c.var.log.cache = link.cached ? "HIT" : "MISS";
  if (link.level) c.var.log.cacheLevel = link.level;
  if (link.coalesced) c.var.log.coalesced = true;
  if (!link.cached) noteAttempts(c, link.attempts);
  return { "X-Cache": link.cached ? "HIT" : "MISS", "X-Link-Expires-At": new Date(link.expiresAt).toISOString() };
}
