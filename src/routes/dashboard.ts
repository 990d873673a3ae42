import { secureHeaders } from "hono/secure-headers";
import { Hono } from "hono/tiny";
import type { AppEnv } from "../http";

// The same policy public/_headers gives the page where Workers Static Assets serve it: only this origin's own script
// and styles run, and the page talks to this origin only (images also as blob: URLs it makes itself).
const strict = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", "data:", "blob:"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * `GET /`: the dashboard (public/index.html, with dashboard.js and dashboard.css), and `GET /openapi.json`: the
 * OpenAPI document (`npm run openapi`), both served by Workers Static Assets before the Worker runs — as are `/keys`
 * and `/docs`, the API reference; these routes answer the same from the ASSETS binding wherever the asset router is
 * not in front (tests, a Worker called directly).
 *
 * @example
 * ```sh
 * open https://kie-edge.example.workers.dev/
 * ```
 */
export const dashboard = new Hono<AppEnv>()
  .get("/", strict, async (c) => {
    const page = await c.env.ASSETS.fetch(new URL("/", c.req.url));
    return new Response(page.body, page);
  })
  .get("/openapi.json", (c) => c.env.ASSETS.fetch(new URL("/openapi.json", c.req.url)));
