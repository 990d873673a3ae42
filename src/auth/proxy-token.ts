import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { ProxyToken } from "../config";
import { type AppEnv, envelopeResponse } from "../http";
import { looksLikeKey } from "../keys";
import { sha256Hex } from "../net";
import { admitKey } from "./caller-key";

const NO_POLICY = { admin: false } as const;

/**
 * Admits callers by their own proxy token (`Authorization: Bearer <token>`): one of `PROXY_TOKENS`, or a runtime
 * key (`ke_…`, src/keys) — and records the caller's name (and a key's id) for the logs. Every refusal is a 401
 * envelope that says the *proxy* token or the key is the problem, and for a key which of malformed, unknown,
 * expired, revoked or past its grace; the caller's header is never forwarded (upstream only ever sees
 * `KIE_API_KEY`).
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
      // One digest serves both lookups: PROXY_TOKENS' digests, then (for ke_ tokens) the runtime keys.
      const services = c.get("services");
      const digest = await services.tokenDigest(token);
      const { proxyTokens } = c.get("config");
      const digests = services.tokenDigests;
      const caller = (digests.get(proxyTokens) ?? (await tokenDigests(proxyTokens, digests))).get(digest);
      if (caller) {
        c.set("caller", caller);
        c.set("policy", c.get("config").tasks.policies[caller] ?? NO_POLICY);
        return true;
      }
      if (!looksLikeKey(token)) return false;
      await admitKey(c, token, digest);
      return true;
    },
    noAuthenticationHeader: {
      message: unauthorized("missing proxy token: send Authorization: Bearer <your kie-edge token>"),
    },
    invalidAuthenticationHeader: {
      message: unauthorized("malformed Authorization header: expected Bearer <your kie-edge token>"),
    },
    invalidToken: {
      message: unauthorized(
        "invalid proxy token: it is not one of this gateway's PROXY_TOKENS, nor a kie-edge key (ke_…)",
      ),
    },
  });
}

// The configured tokens' digests → caller names, made once per token list. A presented token is looked up by its
// own digest: what a lookup's time could tell depends on the digest, which no caller can steer, not on the token.
async function tokenDigests(
  tokens: readonly ProxyToken[],
  digests: WeakMap<readonly ProxyToken[], Map<string, string>>,
): Promise<Map<string, string>> {
  let known = digests.get(tokens);
  if (!known) {
    known = new Map(await Promise.all(tokens.map(async (t) => [await sha256Hex(t.token), t.name] as const)));
    digests.set(tokens, known);
  }
  return known;
}
