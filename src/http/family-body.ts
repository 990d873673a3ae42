import type { MiddlewareHandler } from "hono";
import { apiError } from "./envelope";
import type { AppEnv } from "./types";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
/** Deeper than any body kie.ai documents by far; deep enough nesting would overflow a stack on its way. */
export const MAX_BODY_DEPTH = 32;

/**
 * Reads a family call's JSON body, as sent, for the route (`c.get("body")`): JSON (415 otherwise), nested no deeper
 * than `MAX_BODY_DEPTH` (422, judged on the text before it is parsed), parsable (400) and an object (422). What
 * fields it holds is the operation's business; the body goes on as the caller sent it.
 *
 * @example
 * ```ts
 * app.post("/api/v1/veo/generate", limitBody(256 * 1024), familyBody(), (c) => c.json(c.get("body")))
 * ```
 */
export function familyBody(): MiddlewareHandler<AppEnv> {
  return async function familyBody(c, next) {
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
    if (!JSON_TYPE.test(type)) throw apiError(415, "send the body as JSON with Content-Type: application/json");
    const text = await c.req.text();
    if (depthOf(text) > MAX_BODY_DEPTH) throw apiError(422, `the body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw apiError(400, "the body is not valid JSON");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw apiError(422, "the body must be a JSON object");
    }
    c.set("body", body as Record<string, unknown>);
    await next();
  };
}

// The deepest nesting of objects and arrays in JSON text, counted outside strings (a linear scan, no recursion).
function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) deepest = Math.max(deepest, ++depth);
    else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}
