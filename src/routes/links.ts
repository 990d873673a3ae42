import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod/mini";
import { apiError } from "../http/envelope";
import { jsonBody } from "../http/json-body";
import type { AppEnv } from "../http/types";
import { FileUrl, hostAllowed, linkKey, logHash, type ResolvedLink, resolveLink } from "../links";
import { guardUpstream, noteAttempts } from "../upstream";
import { linkDeps } from "./link-deps";
import { success } from "./respond";

const MAX_BODY_BYTES = 8 * 1024;

const DownloadUrlBody = z.object({ url: FileUrl }, { error: "the body must be a JSON object with a url" });

/**
 * `POST /api/v1/common/download-url`, body `{"url": "<file URL made by kie.ai>"}`: a temporary link, from the
 * cache while at least `LINK_MIN_REMAINING_SECONDS` of its 20 minutes are left, else fresh from kie.ai.
 * `X-Cache` says which, `X-Link-Expires-At` when the link dies, `Cache-Control` how long the caller may keep it.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" -H "Content-Type: application/json" \
 *   -d '{"url":"https://tempfile.aiquickdraw.com/r/abc.png"}' https://kie-edge.example.workers.dev/api/v1/common/download-url
 * ```
 */
export const links = new Hono<AppEnv>().post(
  "/download-url",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw apiError(413, `the body is over ${MAX_BODY_BYTES / 1024} KiB`);
    },
  }),
  jsonBody(DownloadUrlBody),
  async (c) => {
    const { url } = c.req.valid("json");
    const { config } = c.var;
    if (!hostAllowed(url.hostname, config.fileHosts)) {
      throw apiError(422, "url is not on a file host this gateway admits (KIE_FILE_HOSTS)");
    }
    url.hash = "";
    const key = await linkKey(url);
    Object.assign(c.var.log, { fileHost: url.hostname, fileHash: logHash(key) });

    const link = await guardUpstream(c, resolveLink(url.href, key, linkDeps(c)));
    describe(c, link, config.linkMinRemainingMs);
    return success(c, link.link);
  },
);

function describe(c: Context<AppEnv>, link: ResolvedLink, minRemainingMs: number): void {
  c.var.log.cache = link.cached ? "HIT" : "MISS";
  if (link.level) c.var.log.cacheLevel = link.level;
  if (link.coalesced) c.var.log.coalesced = true;
  if (!link.cached) noteAttempts(c, link.attempts);
  const servableSeconds = Math.max(0, Math.floor((link.expiresAt - minRemainingMs - Date.now()) / 1000));
  c.header("X-Cache", link.cached ? "HIT" : "MISS");
  c.header("X-Link-Expires-At", new Date(link.expiresAt).toISOString());
  c.header("Cache-Control", `private, max-age=${servableSeconds}`);
}
