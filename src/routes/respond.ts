import type { Context } from "hono";

/**
 * The success envelope, typed for `hc` callers: `{ code: 200, msg: "success", data }`, as kie.ai sends it.
 *
 * @example
 * ```ts
 * return success(c, 42.5)
 * ```
 */
export function success<T>(c: Context, data: T) {
  return c.json({ code: 200 as const, msg: "success", data }, 200);
}
