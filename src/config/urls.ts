import * as z from "zod";
import { list } from "./fields";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * `KIE_BASE_URL`: https, or plain http to a loopback host for local work against the simulator. Returned without
 * a trailing slash so paths can be appended.
 *
 * @example
 * ```ts
 * BaseUrl.parse("http://127.0.0.1:8788/") // "http://127.0.0.1:8788"
 * ```
 */
export const BaseUrl = z
  .preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().optional())
  .transform((raw, ctx) => {
    const url = URL.parse(raw ?? "https://api.kie.ai");
    const local = url?.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
    if (!url || (url.protocol !== "https:" && !local)) {
      ctx.addIssue({ code: "custom", message: "must be an https URL (plain http only to 127.0.0.1 or localhost)" });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({
        code: "custom",
        message: "must be a bare origin and path, without credentials, query or fragment",
      });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, "");
  });

const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * `KIE_FILE_HOSTS`: the allow-list of file hosts, lowercased. An entry `*.example.com` admits every subdomain of
 * example.com (not example.com itself). Empty admits any host.
 *
 * @example
 * ```ts
 * FileHosts.parse("file.aiquickdraw.com, *.redpandaai.co") // ["file.aiquickdraw.com", "*.redpandaai.co"]
 * ```
 */
export const FileHosts = list().transform((entries, ctx) => {
  const hosts = entries.map((entry) => entry.toLowerCase());
  const bad = hosts.findIndex((host) => !HOST_PATTERN.test(host));
  if (bad >= 0) {
    ctx.addIssue({ code: "custom", message: `entry ${bad + 1} is not a host name or *.host pattern` });
    return z.NEVER;
  }
  return hosts;
});
