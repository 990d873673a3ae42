import { NONCE, secureHeaders } from "hono/secure-headers";
import { Hono } from "hono/tiny";
import { DashboardPage } from "../dashboard";
import type { AppEnv } from "../http";

// Only this response's own inline script and styles run (by nonce), and the page talks to this origin only.
const strict = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: [NONCE],
    styleSrc: [NONCE],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * `GET /`: the dashboard, under a strict nonce-based Content-Security-Policy.
 *
 * @example
 * ```sh
 * open https://kie-edge.example.workers.dev/
 * ```
 */
export const dashboard = new Hono<AppEnv>().get("/", strict, (c) => {
  c.header("Cache-Control", "no-store");
  const nonce = c.get("secureHeadersNonce") ?? "";
  return c.html(`<!doctype html>${(<DashboardPage nonce={nonce} />).toString()}`);
});
