import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { type AppEnv, apiError, fileUrlQuery, guardUpstream, r2File } from "../http";
import { FileFetchError, fetchFile, fileForLog, fileHeaders, fileId, fileName, resolveLink } from "../links";
import { asked, countServed, yours } from "./archive";
import { linkHeaders, logLink } from "./link-facts";

/**
 * `GET /api/v1/common/download?url=<file URL>`: the file itself, streamed through without buffering whatever its
 * size (kie.ai's own example buffers whole videos). The link comes from the cache or kie.ai; `Range` requests pass
 * through (206). A link that turns out dead (403/404 from the file host) is dropped from the cache and replaced
 * once. Only links kie.ai issued are ever fetched, never the URL the caller gave, and only on admitted hosts
 * (redirects included). The file is served as an attachment unless it is passive media, inside a CSP sandbox.
 *
 * @example
 * ```sh
 * curl -fLo cat.png -H "Authorization: Bearer $KIE_EDGE_TOKEN" \
 *   "https://kie-edge.example.workers.dev/api/v1/common/download?url=https://tempfile.aiquickdraw.com/r/cat.png"
 * ```
 */
export const download = new Hono<AppEnv>().get("/", fileUrlQuery, async (c) => {
  const { url } = c.req.valid("query");
  const id = fileId(url);
  c.get("log").file = fileForLog(id);
  // A file kie-edge keeps is served from its archive, kie.ai not asked.
  const copy = await c.get("services").archived.find(id);
  const kept =
    copy && c.env.ARCHIVE && yours(c, copy)
      ? await r2File(c.env.ARCHIVE, copy.objectKey, asked(c), fileName(url).replace(/\.\w+$/, ""))
      : undefined;
  if (kept) {
    countServed(c, kept.bytes);
    kept.res.headers.set("X-Served-From", "archive");
    return kept.res;
  }
  const deps = c.get("services").links;

  let link = await guardUpstream(c, resolveLink(id, deps));
  let res = await fetchFrom(c, link.link);
  if (res.status === 403 || res.status === 404) {
    await res.body?.cancel();
    c.get("log").linkRefreshed = true;
    link = await guardUpstream(c, resolveLink(id, deps, { fresh: true }));
    res = await fetchFrom(c, link.link);
  }
  c.get("log").fileStatus = res.status;
  logLink(c, link);
  try {
    return answer(c, res, url, linkHeaders(link));
  } catch (err) {
    // Whatever went wrong, the file host's body is not left open.
    await res.body?.cancel();
    throw err;
  }
});

function answer(c: Context<AppEnv>, res: Response, url: URL, facts: Record<string, string>): Response {
  if (res.status === 416) {
    const range = res.headers.get("Content-Range");
    throw apiError(416, "the requested range is not in the file", range ? { "Content-Range": range } : {});
  }
  if (res.status !== 200 && res.status !== 206) {
    throw apiError(502, `the file host answered HTTP ${res.status} for a fresh link`);
  }
  // Through the context, so the headers set on it so far (X-Upstream-Attempts) go out too.
  const headers = { ...Object.fromEntries(fileHeaders(res, url)), ...facts };
  const status = res.status as 200 | 206;
  return res.body ? c.body(res.body, status, headers) : c.body(null, status, headers);
}

async function fetchFrom(c: Context<AppEnv>, link: string): Promise<Response> {
  try {
    return await fetchFile(link, {
      method: c.req.method === "HEAD" ? "HEAD" : "GET",
      range: c.req.header("Range"),
      ifRange: c.req.header("If-Range"),
      timeoutMs: c.get("config").upstream.timeoutMs,
      rule: c.get("services").linkRule,
      onStall: () => console.warn({ level: "warn", msg: "file_stalled", requestId: c.get("requestId") }),
    });
  } catch (err) {
    if (err instanceof FileFetchError) throw apiError(502, err.message);
    throw err;
  }
}
