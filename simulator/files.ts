// What issued links serve: a file's bytes, made up on the fly so any size costs no memory, with Range support.

const BLOCK = 64 * 1024;
const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  mp4: "video/mp4",
  mp3: "audio/mpeg",
  wav: "audio/wav",
};

/**
 * The bytes of a simulated file: a deterministic pattern (byte i = (i · 31 + i >> 16) mod 256), produced chunk by
 * chunk so a 200 MB file costs no memory, with one `bytes=` range honoured.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await fileBytes(0, 1024).arrayBuffer())
 * ```
 */
export function fileBytes(start: number, end: number): Response {
  let at = start;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= end) return controller.close();
      const chunk = new Uint8Array(Math.min(BLOCK, end - at));
      for (let i = 0; i < chunk.length; i++) chunk[i] = ((at + i) * 31 + ((at + i) >> 16)) & 255;
      at += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return new Response(stream);
}

/**
 * A file's response for `path` of `size` bytes (the pattern of `fileBytes`, or `content` when given), one `bytes=`
 * range honoured (206, or 416 past its end).
 *
 * @example
 * ```ts
 * return serveFile("/r/a.mp4", 1024, c.req.header("Range"), false)
 * ```
 */
export function serveFile(
  path: string,
  size: number,
  range: string | undefined,
  head: boolean,
  content?: Uint8Array,
): Response {
  const type = TYPES[path.split(".").pop() ?? ""] ?? "application/octet-stream";
  const headers: Record<string, string> = { "Content-Type": type, "Accept-Ranges": "bytes", ETag: `"${size}"` };
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
  let [start, end, status] = [0, size, 200];
  if (m && (m[1] || m[2])) {
    start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
    end = m[1] && m[2] ? Math.min(size, Number(m[2]) + 1) : size;
    if (start >= size || start >= end) {
      return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
    }
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end - 1}/${size}`;
  }
  headers["Content-Length"] = String(end - start);
  const body = content ? new Response(content.slice(start, end)).body : fileBytes(start, end).body;
  return new Response(head ? null : body, { status, headers });
}
