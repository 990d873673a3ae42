import type { Context } from "hono";
import { validator } from "hono/validator";
import { checkFileUrl } from "../links";
import { apiError } from "./envelope";
import type { AppEnv } from "./types";

/**
 * The one check of a caller's file URL on a request (the batch route checks each of its URLs with the same
 * `checkFileUrl`): its shape, then `KIE_FILE_HOSTS`, refused with 422 and the reason.
 *
 * @example
 * ```ts
 * const { url } = fileUrlOf(body.url, c)
 * ```
 */
export function fileUrlOf(raw: unknown, c: Context<AppEnv>): { url: URL } {
  const checked = checkFileUrl(raw, c.get("config").fileHosts);
  if ("error" in checked) throw apiError(422, checked.error);
  return checked;
}

/**
 * `?url=<file URL>`, checked by `fileUrlOf`.
 *
 * @example
 * ```ts
 * .get("/", fileUrlQuery, (c) => c.req.valid("query").url)
 * ```
 */
export const fileUrlQuery = validator("query", (query, c: Context<AppEnv>) => fileUrlOf(query.url, c));
