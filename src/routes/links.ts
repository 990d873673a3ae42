import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { Hono } from "hono/tiny";
import { BatchBody, DownloadUrlBody } from "../api/schemas";
import { overLimit, takeRequests } from "../auth/rate-limit";
import { apiError } from "../http/envelope";
import { jsonBody } from "../http/json-body";
import type { AppEnv } from "../http/types";
import { fileId, HOST_NOT_ADMITTED, hostAllowed, type ResolvedLink, resolveBatch, resolveLink } from "../links";
import { guardUpstream } from "../upstream";
import { toApiError } from "../upstream/status-map";
import { linkDeps, linkFacts } from "./link-deps";
import { success } from "./respond";

const MAX_BODY_BYTES = 8 * 1024;
/** Room for 100 URLs of the longest allowed length. */
const MAX_BATCH_BODY_BYTES = 256 * 1024;

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw apiError(413, `the body is over ${maxSize / 1024} KiB`);
    },
  });
}

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
export const links = new Hono<AppEnv>()
  .post("/download-url", limitBody(MAX_BODY_BYTES), jsonBody(DownloadUrlBody), async (c) => {
    const { url } = c.req.valid("json");
    const { config } = c.var;
    if (!hostAllowed(url.hostname, config.fileHosts)) {
      throw apiError(422, HOST_NOT_ADMITTED);
    }
    const id = fileId(url);
    c.set("file", id);
    const link = await guardUpstream(c, resolveLink(id, linkDeps(c)));
    describe(c, link, config.linkMinRemainingMs);
    return success(c, link.link);
  })
  /**
   * `POST /api/v1/common/download-urls`, body `{"urls": [...]}` (1–100): one result per input, in order, each
   * `{url, data, cached, expiresAt}` or `{url, error: {code, msg}, cached: false, expiresAt: null}`. HTTP 200
   * whenever the batch itself is valid.
   */
  .post("/download-urls", limitBody(MAX_BATCH_BODY_BYTES), jsonBody(BatchBody), async (c) => {
    const { config } = c.var;
    const { urls } = c.req.valid("json");
    // The request itself was counted as the first item; every other item counts like a single ask.
    const count = 1 + (await takeRequests(c, urls.length - 1));
    const { items, attempts } = await resolveBatch(urls, {
      fileHosts: config.fileHosts,
      concurrency: config.batchConcurrency,
      deps: linkDeps(c),
      toError: toApiError,
      budgetMs: config.upstream.budgetMs,
      admitted: { count, overLimit: { code: 429, msg: overLimit(c).msg } },
    });
    if (attempts > 0) {
      c.var.log.upstreamAttempts = attempts;
      c.header("X-Upstream-Attempts", String(attempts));
    }
    Object.assign(c.var.log, {
      batchSize: items.length,
      batchHits: items.filter((i) => i.cached).length,
      batchErrors: items.filter((i) => "error" in i).length,
    });
    return success(c, items);
  });

function describe(c: Context<AppEnv>, link: ResolvedLink, minRemainingMs: number): void {
  for (const [name, value] of Object.entries(linkFacts(c, link))) c.header(name, value);
  const servableSeconds = Math.max(0, Math.floor((link.expiresAt - minRemainingMs - Date.now()) / 1000));
  c.header("Cache-Control", `private, max-age=${servableSeconds}`);
}
