import { Hono } from "hono/tiny";
import { DashboardPage } from "../dashboard/page";
import type { AppEnv } from "../http/types";

/**
 * `GET /`: the dashboard. A strict Content-Security-Policy lets only this response's own inline script and styles
 * run (by nonce), and lets the page talk to this origin only.
 *
 * @example
 * ```sh
 * open https://kie-edge.example.workers.dev/
 * ```
 */
export const dashboard = new Hono<AppEnv>().get("/", (c) => {
  const nonce = crypto.randomUUID().replaceAll("-", "");
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  c.header("Cache-Control", "no-store");
  return c.html(`<!doctype html>${(<DashboardPage nonce={nonce} />).toString()}`);
});
