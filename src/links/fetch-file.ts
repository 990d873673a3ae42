/** Why fetching a file failed before any byte could be passed on. */
export class FileFetchError extends Error {
  override readonly name = "FileFetchError";
}

// What a caller may learn from the file host's answer; anything else (cookies, server details) stays behind.
const PASSED_HEADERS = ["content-type", "content-length", "content-range", "accept-ranges", "etag", "last-modified"];

/**
 * Fetches a download link (one kie.ai issued, never a caller's URL) and returns the file host's response with its
 * body untouched, so the bytes stream through in constant memory. The caller's `Range` and `If-Range` go along.
 * The timeout covers the wait for the headers only: a long download is not cut off.
 *
 * @example
 * ```ts
 * const res = await fetchFile(link, { method: "GET", range: c.req.header("Range"), timeoutMs: 10_000 })
 * ```
 */
export async function fetchFile(
  link: string,
  options: { method: "GET" | "HEAD"; range?: string; ifRange?: string; timeoutMs: number },
): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  const headers = new Headers();
  if (options.range) headers.set("Range", options.range);
  if (options.ifRange) headers.set("If-Range", options.ifRange);
  try {
    return await fetch(link, { method: options.method, headers, signal: abort.signal });
  } catch {
    throw new FileFetchError(
      abort.signal.aborted
        ? `the file host did not answer within ${options.timeoutMs} ms`
        : "the file host could not be reached",
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The headers of a file response worth passing to the caller, plus a `Content-Disposition` naming the file after
 * its URL when the host gave none.
 *
 * @example
 * ```ts
 * new Response(res.body, { status: res.status, headers: fileHeaders(res, fileUrl) })
 * ```
 */
export function fileHeaders(res: Response, fileUrl: URL): Headers {
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set("Content-Disposition", res.headers.get("Content-Disposition") ?? attachment(fileUrl));
  return headers;
}

function attachment(fileUrl: URL): string {
  const name = decodeURIComponent(fileUrl.pathname.split("/").pop() || "download");
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
