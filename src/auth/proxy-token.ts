import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { ProxyToken } from "../config";
import { type AppEnv, envelopeResponse } from "../http";

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
      if (caller) c.set("caller", caller);
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
 * The name of the caller whose token this is, compared in constant time: both sides are hashed to equal length
 * and every configured token is compared, match or not. The configured tokens' digests are kept in `digests`.
 *
 * @example
 * ```ts
 * await findCaller(token, [{ name: "ci", token: "..." }], new WeakMap()) // "ci" or undefined
 * ```
 */
export async function findCaller(
  token: string,
  tokens: readonly ProxyToken[],
  digests: WeakMap<readonly ProxyToken[], ArrayBuffer[]>,
): Promise<string | undefined> {
  const [given, known] = await Promise.all([sha256(token), digestsOf(tokens, digests)]);
  let caller: string | undefined;
  known.forEach((digest, i) => {
    if (crypto.subtle.timingSafeEqual(given, digest)) caller ??= tokens[i]?.name;
  });
  return caller;
}

// Settled digests only: a promise shared across requests would tie them to the first one's lifetime.
async function digestsOf(
  tokens: readonly ProxyToken[],
  digests: WeakMap<readonly ProxyToken[], ArrayBuffer[]>,
): Promise<ArrayBuffer[]> {
  let known = digests.get(tokens);
  if (!known) {
    known = await Promise.all(tokens.map((t) => sha256(t.token)));
    digests.set(tokens, known);
  }
  return known;
}

function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}
