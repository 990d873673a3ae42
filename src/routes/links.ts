import { Hono } from "hono/tiny";
import { BatchBody, type BatchItem, DownloadUrlBody } from "../api";
import { overLimit, takeRequests } from "../auth";
import { type AppEnv, fileUrlOf, guardUpstream, jsonBody, limitBody, statusOf, success } from "../http";
import { type BatchResult, fileForLog, fileId, type ResolvedLink, resolveBatch, resolveLink } from "../links";
import { archivedLink, archiveSignedLink } from "./archive-links";
import { linkHeaders, logLink } from "./link-facts";

const MAX_BODY_BYTES = 8 * 1024;
/** Room for 100 URLs of the longest allowed length. */
const MAX_BATCH_BODY_BYTES = 256 * 1024;

/**
 * `POST /api/v1/common/download-url`, body `{"url": "<file URL made by kie.ai>"}`: a temporary link, from the
 * cache while at least `LINK_MIN_REMAINING_SECONDS` of its 20 minutes are left, else fresh from kie.ai.
 * `X-Cache` says which, `X-Link-Expires-At` when the link dies, `Cache-Control` how long the caller may keep it.
 *
 * `POST /api/v1/common/download-urls`, body `{"urls": [...]}` (1–100): one result per input, in order, each
 * `{url, data, cached, expiresAt}` (with `servedFrom: "archive"` for a file kie-edge keeps) or `{url, error: {code, msg}, cached: false, expiresAt: null}`. HTTP 200
 * whenever the batch itself is valid.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" -H "Content-Type: application/json" \
 *   -d '{"url":"https://tempfile.aiquickdraw.com/r/abc.png"}' https://kie-edge.example.workers.dev/api/v1/common/download-url
 * ```
 */
export const links = new Hono<AppEnv>()
  .post(
    "/download-url",
    limitBody(MAX_BODY_BYTES),
    jsonBody(DownloadUrlBody, (body, c) => fileUrlOf(body.url, c)),
    async (c) => {
      const id = fileId(c.req.valid("json").url);
      c.get("log").file = fileForLog(id);
      // A file kie-edge keeps is answered with a link to its own copy, kie.ai not asked.
      const copy = await c.get("services").archived.find(id);
      const archived = copy && (await archivedLink(c, copy));
      if (archived) return archived;
      const link = await guardUpstream(c, resolveLink(id, c.get("services").links));
      logLink(c, link);
      for (const [name, value] of Object.entries(linkHeaders(link))) c.header(name, value);
      c.header("Cache-Control", `private, max-age=${keepSeconds(link, c.get("config").linkMinRemainingMs)}`);
      return success(c, link.link);
    },
  )
  .post("/download-urls", limitBody(MAX_BATCH_BODY_BYTES), jsonBody(BatchBody), async (c) => {
    const config = c.get("config");
    const { urls } = c.req.valid("json");
    // The request itself was counted as the first item; every other item counts like a single ask.
    const count = 1 + (await takeRequests(c, urls.length - 1));
    const { results, attempts } = await resolveBatch(urls, {
      fileHosts: config.fileHosts,
      concurrency: config.batchConcurrency,
      deps: c.get("services").links,
      budgetMs: config.upstream.budgetMs,
      holdMs: config.tasks.windowMs,
      admitted: { count, overLimit: { code: 429, msg: overLimit(c).msg } },
      kept: async (id) => {
        const copy = await c.get("services").archived.find(id);
        return copy && archiveSignedLink(c, copy);
      },
    });
    if (attempts > 0) {
      c.get("log").upstreamAttempts = attempts;
      c.header("X-Upstream-Attempts", String(attempts));
    }
    const items = results.map(batchItem);
    Object.assign(c.get("log"), {
      batchSize: items.length,
      batchHits: items.filter((i) => i.cached).length,
      batchErrors: items.filter((i) => "error" in i).length,
    });
    return success(c, items);
  });

// How long the caller may keep a link: until it stops being servable.
function keepSeconds(link: ResolvedLink, minRemainingMs: number): number {
  return Math.max(0, Math.floor((link.expiresAt - minRemainingMs - Date.now()) / 1000));
}

function batchItem(result: BatchResult): BatchItem {
  if ("link" in result) {
    const { link } = result;
    const expiresAt = new Date(link.expiresAt).toISOString();
    return {
      url: result.url,
      data: link.link,
      cached: link.cached,
      expiresAt,
      ...(result.archived ? { servedFrom: "archive" as const } : {}),
    };
  }
  const error = "refused" in result ? result.refused : { code: statusOf(result.failed), msg: result.failed.message };
  return { url: result.url, error, cached: false, expiresAt: null };
}
