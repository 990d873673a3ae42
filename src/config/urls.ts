import * as z from "zod/mini";
import { list, refuse } from "./fields";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A kie.ai base URL (`KIE_BASE_URL`, `KIE_UPLOAD_BASE_URL`): https, or plain http to a loopback host for local
 * work against the simulator; blank means `fallback`. Returned without a trailing slash so paths can be appended.
 */
export const baseUrl = (fallback: string) =>
  z.transform((value: unknown, ctx): string => {
    const raw = typeof value === "string" && value.trim() ? value.trim() : fallback;
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    const local = url?.protocol === "http:" && isLoopback(url);
    if (!url || (url.protocol !== "https:" && !local)) {
      return refuse(ctx, "must be an https URL (plain http only to 127.0.0.1 or localhost)");
    }
    if (url.username || url.password || url.search || url.hash) {
      return refuse(ctx, "must be a bare origin and path, without credentials, query or fragment");
    }
    return url.href.replace(/\/+$/, "");
  });

/**
 * Whether a URL points at this machine, where plain http is acceptable for local work.
 *
 * @example
 * ```ts
 * isLoopback(new URL("http://127.0.0.1:8788")) // true
 * ```
 */
export function isLoopback(url: URL): boolean {
  return LOCAL_HOSTS.has(url.hostname);
}

const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * `KIE_FILE_HOSTS`: the allow-list of file hosts, lowercased. An entry `*.example.com` admits every subdomain of
 * example.com (not example.com itself). Empty admits any host.
 */
export const FileHosts = z.pipe(
  list(),
  z.transform((entries: string[], ctx): string[] => {
    const hosts = entries.map((entry) => entry.toLowerCase());
    const bad = hosts.findIndex((host) => !HOST_PATTERN.test(host));
    return bad >= 0 ? refuse(ctx, `entry ${bad + 1} is not a host name or *.host pattern`) : hosts;
  }),
);

/**
 * `CORS_ORIGINS`: exact browser origins (`scheme://host[:port]`) allowed to call kie-edge; empty turns CORS off.
 */
export const CorsOrigins = z.pipe(
  list(),
  z.transform((entries: string[], ctx): string[] => {
    const origins = entries.map((entry) => (URL.canParse(entry) ? new URL(entry) : undefined));
    const bad = origins.findIndex(
      (url, i) => !url || url.origin === "null" || url.origin !== entries[i]?.replace(/\/$/, ""),
    );
    return bad >= 0
      ? refuse(ctx, `entry ${bad + 1} is not an origin like https://app.example.com (no path, no *)`)
      : origins.map((u) => (u as URL).origin);
  }),
);
