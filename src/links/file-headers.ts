// What a caller learns from the file host's answer; anything else (cookies, server details) stays behind.
const PASSED_HEADERS = ["content-type", "content-length", "content-range", "accept-ranges", "etag", "last-modified"];

// Types a browser may show inline on the gateway's origin: pictures, sound, video and plain text, which run nothing.
// Everything else — HTML, SVG, XML, scripts, PDFs, unknown types — is served as an attachment.
const PASSIVE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|(audio|video)\/[\w.+-]+|text\/plain)$/;

/**
 * The headers of a file response: what the caller may learn from the file host, a `Content-Disposition` naming the
 * file after its URL (`inline` only for passive types the host asked to show inline), and a sandbox around
 * whatever the file is, since it is served from the origin where the dashboard keeps its token.
 *
 * @example
 * ```ts
 * c.body(res.body, 200, Object.fromEntries(fileHeaders(res, fileUrl)))
 * ```
 */
export function fileHeaders(res: Response, fileUrl: URL): Headers {
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const inline = PASSIVE.test(type) && /^\s*inline\b/i.test(res.headers.get("content-disposition") ?? "");
  headers.set("Content-Disposition", contentDisposition(inline ? "inline" : "attachment", fileName(fileUrl)));
  headers.set("Content-Security-Policy", "sandbox");
  headers.set("X-Content-Type-Options", "nosniff");
  return headers;
}

/**
 * A file's name from the last segment of its URL, decoded where the percent-encoding is valid and kept as sent
 * where it is not; never throws. Characters no file name should hold (controls, slashes, quotes) become `_`, and a
 * name that is empty or a dot path becomes `download`.
 *
 * @example
 * ```ts
 * fileName(new URL("https://f.example/r/%E7%8C%AB.png")) // "猫.png"
 * fileName(new URL("https://f.example/r/%FF.png")) // "%FF.png"
 * ```
 */
export function fileName(url: URL): string {
  const segment = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  const decoded = segment.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  const name = decoded
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced
    .replace(/[\u0000-\u001f\u007f-\u009f/\\"]/g, "_")
    .trim()
    .slice(0, 200)
    // A lone surrogate cannot be encoded; the cut above may also have split a pair.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return name === "" || /^\.+$/.test(name) ? "download" : name;
}

/**
 * `Content-Disposition` for a file name of any characters: an ASCII `filename` for old clients and the exact
 * name as RFC 8187 `filename*`.
 *
 * @example
 * ```ts
 * contentDisposition("attachment", "猫.png") // `attachment; filename="_.png"; filename*=UTF-8''%E7%8C%AB.png`
 * ```
 */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, "_");
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
