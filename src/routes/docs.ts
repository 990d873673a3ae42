import { html } from "hono/html";
import { Hono } from "hono/tiny";
import { version } from "../../package.json";
import { openApiDocument } from "../api/openapi";
import type { AppEnv } from "../http/types";

// Scalar's reference page, from its CDN: nothing to build or bundle, and only this page loads it.
const SCALAR = "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1";

/**
 * `GET /openapi.json` (no token): the OpenAPI 3.1 document, from the same zod schemas the routes validate with.
 * `GET /docs` (no token): a reference page for it.
 *
 * @example
 * ```sh
 * curl -s https://kie-edge.example.workers.dev/openapi.json | jq .paths
 * ```
 */
export const docs = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.json(openApiDocument(version)))
  .get("/docs", (c) =>
    c.html(
      html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>kie-edge API</title>
          </head>
          <body>
            <script id="api-reference" data-url="/openapi.json"></script>
            <script src="${SCALAR}"></script>
          </body>
        </html>`,
    ),
  );
