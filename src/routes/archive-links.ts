import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { ARCHIVE_LINK_MS, type ArchivedCopy, linkValid, signedLink } from "../archive";
import { type AppEnv, apiError, r2File, success } from "../http";
import { asked, yours } from "./archive";

/**
 * `GET /archive/file/<object>?expires=…&sig=…` (no token): an archived file behind a signed link, the kind the
 * download-url calls answer for a file kie-edge keeps — as bearer-less as kie.ai's own links, and as short-lived
 * (20 minutes). `Range`, `ETag`, `If-None-Match` and `If-Range` as for every file kie-edge serves.
 *
 * @example
 * ```sh
 * curl -fLo fox.mp4 "https://kie-edge.example.workers.dev/archive/file/v1/web/veo/veo_1/0?expires=…&sig=…"
 * ```
 */
export const archiveLinks = new Hono<AppEnv>().get("/file/:object{.+}", async (c) => {
  const objectKey = c.req.param("object");
  const key = await c.get("services").archiveLinkKey();
  const { expires = "", sig = "" } = c.req.query();
  if (!key || !c.env.ARCHIVE || !(await linkValid(key, objectKey, expires, sig, Date.now()))) {
    throw apiError(403, "this archive link is not genuine or has expired: ask download-url for a fresh one");
  }
  const served = await r2File(c.env.ARCHIVE, objectKey, asked(c), objectKey.split("/").slice(-2).join("-"));
  if (!served) throw apiError(404, "the archived file is gone (past retention)");
  const caller = objectKey.split("/")[1];
  if (caller && served.bytes > 0)
    c.executionCtx.waitUntil(c.get("services").coordinator.archiveServed(caller, served.bytes));
  served.res.headers.set("X-Served-From", "archive");
  return served.res;
});

/**
 * The download-url answer for a file kie-edge keeps: a signed link to its archived copy (`X-Served-From: archive`),
 * or undefined when links cannot be signed here (no `CALLBACK_SIGNING_KEY`) — then kie.ai is asked as usual.
 */
export async function archivedLink(c: Context<AppEnv>, copy: ArchivedCopy): Promise<Response | undefined> {
  const signed = await archiveSignedLink(c, copy);
  if (!signed) return undefined;
  const { link, expiresAt } = signed;
  c.get("log").cache = "HIT";
  c.header("X-Served-From", "archive");
  c.header("X-Cache", "HIT");
  c.header("X-Link-Expires-At", new Date(expiresAt).toISOString());
  c.header("Cache-Control", "private, max-age=900");
  return success(c, link);
}

/**
 * A signed link to the request's caller's archived copy of a file (an admin: anyone's), and when it dies; undefined
 * when the copy is another caller's or links cannot be signed here (no `CALLBACK_SIGNING_KEY`).
 */
export async function archiveSignedLink(
  c: Context<AppEnv>,
  copy: ArchivedCopy,
): Promise<{ link: string; expiresAt: number } | undefined> {
  const key = await c.get("services").archiveLinkKey();
  if (!key || !yours(c, copy)) return undefined;
  const expiresAt = Date.now() + ARCHIVE_LINK_MS;
  const origin = c.get("config").tasks.publicUrl ?? new URL(c.req.url).origin;
  return { link: await signedLink(key, origin, copy.objectKey, expiresAt), expiresAt };
}
