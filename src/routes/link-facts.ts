import type { Context } from "hono";
import { type AppEnv, noteAttempts } from "../http";
import type { ResolvedLink } from "../links";

/**
 * Puts what a link route learned about the link it used on the request's log line (cache, level, coalescing,
 * upstream attempts), and the attempts in `X-Upstream-Attempts` when kie.ai was asked.
 */
export function logLink(c: Context<AppEnv>, link: ResolvedLink): void {
  c.get("log").cache = link.cached ? "HIT" : "MISS";
  if (link.level) c.get("log").cacheLevel = link.level;
  if (link.coalesced) c.get("log").coalesced = true;
  if (!link.cached) noteAttempts(c, link.attempts);
}

/**
 * The headers that tell a caller where a link came from and when it dies, the same on every link route.
 */
export function linkHeaders(link: ResolvedLink): Record<string, string> {
  return { "X-Cache": link.cached ? "HIT" : "MISS", "X-Link-Expires-At": new Date(link.expiresAt).toISOString() };
}
