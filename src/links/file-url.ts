import * as z from "zod/mini";
import { refuse } from "../config";
import { hostAllowed, isInternalHost, isIpLiteral } from "../net";

/** Longest file URL accepted; kie.ai's own are well under it. */
export const MAX_FILE_URL_LENGTH = 2048;

/**
 * What a caller sends as a file URL, before it is read as one: a string of at most 2048 characters. Bodies and
 * queries are typed and documented by it; `checkFileUrl` decides.
 *
 * @example
 * ```ts
 * const DownloadUrlBody = z.object({ url: FileUrlInput })
 * ```
 */
export const FileUrlInput = z
  .string({ error: (issue) => (issue.input === undefined ? "url is required" : "url must be a string") })
  .check(z.maxLength(MAX_FILE_URL_LENGTH, { error: `url must be at most ${MAX_FILE_URL_LENGTH} characters` }));

/**
 * A file URL as a caller may send it: an absolute https URL of at most 2048 characters, naming a host (not an IP
 * literal), on the default port, without credentials. kie.ai only ever hands out such URLs, so anything else is
 * refused before it costs an upstream call.
 *
 * @example
 * ```ts
 * z.parse(FileUrl, "https://tempfile.aiquickdraw.com/r/abc.png").hostname // "tempfile.aiquickdraw.com"
 * ```
 */
export const FileUrl = z.pipe(
  FileUrlInput,
  z.transform((raw: string, ctx): URL => {
    const problem = urlProblem(raw);
    return typeof problem === "string" ? refuse(ctx, problem) : problem;
  }),
);

function urlProblem(raw: string): URL | string {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url?.protocol !== "https:") return "url must be an absolute https URL";
  if (url.username || url.password) return "url must not carry credentials";
  if (url.port) return "url must use the default https port";
  if (isIpLiteral(url.hostname)) return "url must name a host, not an IP address";
  if (isInternalHost(url.hostname)) return "url must name a public host";
  return url;
}

/** The message for a file URL on a host `KIE_FILE_HOSTS` does not admit. */
export const HOST_NOT_ADMITTED = "url is not on a file host this gateway admits (KIE_FILE_HOSTS)";

/**
 * Checks one caller-given file URL completely — shape, then `KIE_FILE_HOSTS` — for callers that take many URLs
 * and answer each on its own.
 *
 * @example
 * ```ts
 * const checked = checkFileUrl(raw, config.fileHosts)
 * if ("error" in checked) return { url: raw, error: { code: 422, msg: checked.error } }
 * ```
 */
export function checkFileUrl(raw: unknown, allowed: readonly string[]): { url: URL } | { error: string } {
  const parsed = z.safeParse(FileUrl, raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "url is invalid" };
  return hostAllowed(parsed.data.hostname, allowed) ? { url: parsed.data } : { error: HOST_NOT_ADMITTED };
}
