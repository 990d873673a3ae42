import { hostAllowed, isInternalHost } from "../net";

/** Why fetching a file failed before any byte could be passed on. */
export class FileFetchError extends Error {
  override readonly name = "FileFetchError";
}

/** Which URLs the gateway may fetch for a file: the link kie.ai issued and every redirect after it. */
export interface LinkRule {
  /** `KIE_FILE_HOSTS`; empty: any public host name. */
  fileHosts: readonly string[];
  /** The simulator's origin, when `KIE_BASE_URL` is plain http on loopback: its links are served from there. */
  localOrigin?: string;
}

/**
 * The rule for a deployment: its file hosts, and the simulator's origin when kie.ai is a simulator on loopback
 * (`KIE_BASE_URL` may only be plain http there).
 *
 * @example
 * ```ts
 * const rule = linkRule(config.fileHosts, config.kieBaseUrl)
 * ```
 */
export function linkRule(fileHosts: readonly string[], kieBaseUrl: string): LinkRule {
  const base = new URL(kieBaseUrl);
  return { fileHosts, localOrigin: base.protocol === "http:" ? base.origin : undefined };
}

/**
 * Whether a URL may be fetched: https on the default port, without credentials, on a public host name (never an
 * IP literal, `localhost` or a single label) that `KIE_FILE_HOSTS` admits — or on the simulator's own origin.
 *
 * @example
 * ```ts
 * linkAdmitted(new URL("https://10.0.0.7/x"), { fileHosts: [] }) // false
 * ```
 */
export function linkAdmitted(url: URL, rule: LinkRule): boolean {
  if (rule.localOrigin && url.origin === rule.localOrigin) return true;
  if (url.protocol !== "https:" || url.port || url.username || url.password) return false;
  return !isInternalHost(url.hostname) && hostAllowed(url.hostname, rule.fileHosts);
}

/** Redirects followed from one link at most. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** What a file fetch needs. */
export interface FetchFileOptions {
  method: "GET" | "HEAD";
  range?: string;
  ifRange?: string;
  /** The wait for the headers, and the longest pause the body may take between two chunks. */
  timeoutMs: number;
  rule: LinkRule;
  /** Told when the body stalled and was cut off (the headers have gone out by then). */
  onStall?: () => void;
}

/**
 * Fetches a download link (one kie.ai issued, never a caller's URL) and returns the file host's response with its
 * body streamed through without buffering. Redirects are followed by hand, at most `MAX_REDIRECTS`, each hop
 * checked by `linkAdmitted` before it is asked, so neither kie.ai nor a file host can point the gateway at an
 * internal address; the caller's `Range` and `If-Range` therefore only reach admitted hosts. The timeout covers the
 * wait for the headers and every pause of the body: a host that stalls mid-file is cut off.
 *
 * @example
 * ```ts
 * const res = await fetchFile(link, { method: "GET", range: c.req.header("Range"), timeoutMs: 10_000, rule })
 * ```
 */
export async function fetchFile(link: string, options: FetchFileOptions): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  const headers = new Headers();
  if (options.range) headers.set("Range", options.range);
  if (options.ifRange) headers.set("If-Range", options.ifRange);
  let url = new URL(link);
  let method = options.method;
  try {
    for (let hop = 0; ; hop++) {
      if (!linkAdmitted(url, options.rule)) {
        throw new FileFetchError(
          hop === 0
            ? "kie.ai issued a link on a host this gateway does not fetch from (KIE_FILE_HOSTS)"
            : "the file host redirected to a host this gateway does not fetch from (KIE_FILE_HOSTS)",
        );
      }
      const res = await send(url, method, headers, abort, options.timeoutMs);
      const location = res.headers.get("Location");
      if (!REDIRECTS.has(res.status)) return watchStalls(res, abort, options);
      await res.body?.cancel();
      if (hop === MAX_REDIRECTS) throw new FileFetchError(`the file host redirected more than ${MAX_REDIRECTS} times`);
      if (!location || !URL.canParse(location, url)) throw new FileFetchError("the file host redirected nowhere");
      url = new URL(location, url);
      if (res.status === 303 && method !== "HEAD") method = "GET";
    }
  } finally {
    clearTimeout(timer);
  }
}

async function send(
  url: URL,
  method: string,
  headers: Headers,
  abort: AbortController,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, { method, headers, signal: abort.signal, redirect: "manual" });
  } catch {
    throw new FileFetchError(
      abort.signal.aborted
        ? `the file host did not answer within ${timeoutMs} ms`
        : "the file host could not be reached",
    );
  }
}

// The body, pulled one chunk at a time so that only a wait on the file host counts (a slow reader is not a stall).
function watchStalls(res: Response, abort: AbortController, options: FetchFileOptions): Response {
  const source = res.body;
  if (!source) return res;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const stall = setTimeout(() => {
          options.onStall?.();
          abort.abort();
          controller.error(new FileFetchError(`the file host sent nothing for ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch {
          // The stall timer has already errored the stream, or the host broke the connection: either way, done.
          controller.error(new FileFetchError("the file host broke off the file"));
        } finally {
          clearTimeout(stall);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new Response(body, res);
}
