import { contentDisposition } from "../links";
import { apiError } from "./envelope";

// Types a browser may show inline on the gateway's origin (as /download allows): pictures, sound, video.
const PASSIVE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|(audio|video)\/[\w.+-]+)$/;
const RANGE = /^bytes=(\d*)-(\d*)$/;
const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "video/webm": "webm",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
};

/** What a request asked of a file: its conditions and its range. */
export interface FileAsk {
  method: string;
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
}

/**
 * An object of R2 as an HTTP answer, the way `/download` answers a file: one `bytes=` range (206; a malformed or
 * unsatisfiable one is 416), `If-None-Match` (304) and `If-Range` (a changed file is sent whole), an `ETag`, a
 * `Content-Disposition` naming the file (`inline` only for passive media) and a sandbox around it, since it is
 * served from the origin where the dashboard keeps its token. Undefined when the object is not there.
 *
 * @example
 * ```ts
 * const res = await r2File(env.ARCHIVE, key, { method: "GET", range: c.req.header("Range") }, "veo_1-0")
 * ```
 */
export async function r2File(
  bucket: R2Bucket,
  key: string,
  ask: FileAsk,
  name: string,
): Promise<{ res: Response; bytes: number } | undefined> {
  const head = await bucket.head(key);
  if (!head) return undefined;
  const type = head.httpMetadata?.contentType ?? "application/octet-stream";
  const headers = new Headers({
    "Content-Type": type,
    ETag: head.httpEtag,
    "Last-Modified": head.uploaded.toUTCString(),
    "Accept-Ranges": "bytes",
    "Content-Disposition": contentDisposition(
      PASSIVE.test(type) ? "inline" : "attachment",
      `${name}.${EXTENSIONS[type] ?? "bin"}`,
    ),
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, max-age=3600",
  });
  if (ask.ifNoneMatch && matches(ask.ifNoneMatch, head.httpEtag))
    return { res: new Response(null, { status: 304, headers }), bytes: 0 };
  // A range of another version of the file is no range at all: the whole file is sent.
  const range =
    ask.range && (!ask.ifRange || ask.ifRange.trim() === head.httpEtag) ? rangeOf(ask.range, head.size) : undefined;
  const { offset, length } = range ?? { offset: 0, length: head.size };
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${head.size}`);
  const status = range ? 206 : 200;
  if (ask.method === "HEAD") return { res: new Response(null, { status, headers }), bytes: 0 };
  const object = await bucket.get(key, range ? { range: { offset, length } } : {});
  if (!object) return undefined;
  return { res: new Response(object.body, { status, headers }), bytes: length };
}

// One `bytes=` range within the file; anything else is 416, saying how big the file is.
function rangeOf(header: string, size: number): { offset: number; length: number } {
  const m = RANGE.exec(header.trim());
  const unsatisfiable = () =>
    apiError(416, "the requested range is not in the file", { "Content-Range": `bytes */${size}` });
  if (!m || (!m[1] && !m[2])) throw unsatisfiable();
  if (!m[1]) {
    const suffix = Math.min(Number(m[2]), size);
    if (suffix === 0) throw unsatisfiable();
    return { offset: size - suffix, length: suffix };
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || end < start) throw unsatisfiable();
  return { offset: start, length: end - start + 1 };
}

function matches(header: string, etag: string): boolean {
  return header.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || t === etag;
  });
}
