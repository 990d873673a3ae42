import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { type AppEnv, apiError, failedUpstream } from "../http";
import { forwardUpload, UploadTooLarge } from "../upstream";

const MULTIPART = /^multipart\/form-data\s*;/i;
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * kie.ai's upload API on kie-edge's own paths — `POST /api/file-stream-upload` (multipart), `/api/file-base64-upload`
 * and `/api/file-url-upload` (JSON) — forwarded to `KIE_UPLOAD_BASE_URL` with the gateway's key. The body streams
 * through in constant memory (never buffered), capped at `UPLOAD_MAX_BYTES`: 413 by `Content-Length` before a byte
 * is sent, or as soon as a body sent without one passes the cap. kie.ai's answer passes through; its failures map
 * like every other call's.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" -F file=@cat.png -F uploadPath=images \
 *   https://kie-edge.example.workers.dev/api/file-stream-upload
 * ```
 */
export const uploads = new Hono<AppEnv>()
  .post("/file-stream-upload", (c) => upload(c, "/api/file-stream-upload", MULTIPART))
  .post("/file-base64-upload", (c) => upload(c, "/api/file-base64-upload", JSON_TYPE))
  .post("/file-url-upload", (c) => upload(c, "/api/file-url-upload", JSON_TYPE));

async function upload(c: Context<AppEnv>, path: string, type: RegExp): Promise<Response> {
  const config = c.get("config");
  const max = config.tasks.uploadMaxBytes;
  const contentType = c.req.header("Content-Type") ?? "";
  if (!type.test(contentType)) {
    throw apiError(415, type === MULTIPART ? "send the file as multipart/form-data" : "send the body as JSON");
  }
  const declared = c.req.header("Content-Length");
  if (declared !== undefined && !/^\d+$/.test(declared)) throw apiError(400, "Content-Length is not a number");
  if (declared !== undefined && Number(declared) > max) throw tooLarge(max);
  const body = c.req.raw.body;
  if (!body) throw apiError(400, "the upload has no body");
  try {
    const answer = await forwardUpload({
      url: `${config.tasks.uploadBaseUrl}${path}`,
      apiKey: config.kieApiKey,
      contentType,
      body,
      length: declared === undefined ? undefined : Number(declared),
      maxBytes: max,
      timeoutMs: Math.max(config.upstream.timeoutMs, 300_000),
      secrets: [config.kieApiKey],
      onBytes: (n) => {
        c.get("log").uploadBytes = n;
      },
    });
    if (!answer.ok) throw failedUpstream(c, answer.failed);
    c.get("log").upstreamStatus = 200;
    c.get("log").upstreamAttempts = 1;
    return c.body(answer.text, 200, { "Content-Type": "application/json" });
  } catch (err) {
    if (err instanceof UploadTooLarge) throw tooLarge(max);
    throw err;
  }
}

function tooLarge(max: number) {
  return apiError(413, `the upload is over UPLOAD_MAX_BYTES (${max} bytes)`);
}
