import type { Context, MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import * as z from "zod/mini";
import { apiError } from "./envelope";
import type { AppEnv } from "./types";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Validates a JSON body against a zod schema and hands the typed result to the route (`c.req.valid("json")`,
 * typed for `hc` callers too): a non-JSON content type is 415, unparsable JSON is 400 (Hono's own check), and a
 * body the schema refuses is 422 with the schema's first message. `then` may check further with the request's
 * settings and make something else of the body (throwing `apiError` to refuse it).
 *
 * @example
 * ```ts
 * .post("/download-urls", jsonBody(BatchBody), (c) => c.json(c.req.valid("json")))
 * ```
 */
export function jsonBody<S extends z.ZodMiniType, Out = z.output<S>>(
  schema: S,
  then?: (body: z.output<S>, c: Context<AppEnv>) => Out,
) {
  const middleware = validator("json", (value, c: Context<AppEnv>) => {
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
    if (!JSON_TYPE.test(type)) throw apiError(415, "send the body as JSON with Content-Type: application/json");
    const parsed = z.safeParse(schema, value);
    if (!parsed.success) throw apiError(422, parsed.error.issues[0]?.message ?? "invalid body");
    return then ? then(parsed.data, c) : parsed.data;
  });
  // `hc` callers are typed by what they send (a URL string), the route by what validation makes of it (a URL).
  return middleware as unknown as MiddlewareHandler<AppEnv, string, { in: { json: z.input<S> }; out: { json: Out } }>;
}
