import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { ProxyToken } from "../config";
import { type AppEnv, envelopeResponse } from "../http";
import { sha256Hex } from "../net";

const NO_POLICY = { admin: false } as const;

/**
 * Admits callers by their own proxy token (`Authorization: Bearer <token>`, one of `PROXY_TOKENS`) and records
 * the caller's name for the logs. Every refusal is a 401 envelope that says the *proxy* token is the problem;
 * the caller's header is never forwarded (upstream only ever sees `KIE_API_KEY`).
 *
 * @example
 * ```ts
 * app.use("/api/*", proxyAuth())
 * ```
 */
export function proxyAuth(): MiddlewareHandler<AppEnv> {
  const unauthorized = (msg: string) => () =>
    envelopeResponse(401, msg, { "WWW-Authenticate": 'Bearer realm="kie-edge"' });
  return bearerAuth({
    realm: "kie-edge",
    verifyToken: async (token, c) => {
      const caller = await findCaller(token, c.get("config").proxyTokens, c.get("services").tokenDigests);
      if (caller) {
        c.set("caller", caller);
        c.set("policy", c.get("config").tasks.policies[caller] ?? NO_POLICY);
      }
      return caller !== undefined;
    },
    noAuthenticationHeader: {
      message: unauthorized("missing proxy token: send Authorization: Bearer <your kie-edge token>"),
    },
    invalidAuthenticationHeader: {
      message: unauthorized("malformed Authorization header: expected Bearer <your kie-edge token>"),
    },
    invalidToken: { message: unauthorized("invalid proxy token: it is not one of this gateway's PROXY_TOKENS") },
  });
}

/**
 * The name of the caller whose token this is. The token is hashed (SHA-256) and the digest looked up among the
 * configured tokens' digests: what a lookup's time could tell depends on the digest, which no caller can steer, not
 * on the token. The configured tokens' digests are kept in `digests`.
 *
 * @example
 * ```ts
 * await findCaller(token, [{ name: "ci", token: "..." }], new WeakMap()) // "ci" or undefined
 * ```
 */
export async function findCaller(
  token: string,
  tokens: readonly ProxyToken[],
  digests: WeakMap<readonly ProxyToken[], Map<string, string>>,
): Promise<string | undefined> {
  let known = digests.get(tokens);
  if (!known) {
    known = new Map(await Promise.all(tokens.map(async (t) => [await sha256Hex(t.token), t.name] as const)));
    digests.set(tokens, known);
  }
  return known.get(await sha256Hex(token));
}
