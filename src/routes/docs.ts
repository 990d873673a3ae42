import { html, raw } from "hono/html";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { Hono } from "hono/tiny";
import { type AppEnv, apiError } from "../http";
import { SCALAR } from "./scalar";

// Third-party code runs here, so the page is a sandboxed document: an opaque origin that cannot read this origin's
// storage (where the dashboard keeps its token) or cookies, nor call the API as this origin. It may run only the
// pinned script and its own inline start-up, and reaches no one: the document is embedded, not fetched, and the
// request client (which would ask for a token) is hidden.
const sandboxed = secureHeaders({
  contentSecurityPolicy: {
    sandbox: ["allow-scripts"],
    defaultSrc: ["'none'"],
    scriptSrc: [NONCE, SCALAR.src],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["data:"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

// A sandboxed document has no storage: reading localStorage throws, and Scalar reads it when it loads. It gets a
// memory-only stand-in, so nothing it keeps outlives the page.
const STORAGE_SHIM = `const memory = () => {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() { return m.size; },
  };
};
for (const name of ["localStorage", "sessionStorage"]) Object.defineProperty(window, name, { value: memory() });`;

const SCALAR_OPTIONS = {
  hideClientButton: true,
  hideTestRequestButton: true,
  showDeveloperTools: "never",
  withDefaultFonts: false,
  telemetry: false,
  // Both would send the document to Scalar's servers.
  agent: { disabled: true },
  mcp: { disabled: true },
};

/**
 * `GET /openapi.json` (no token): the OpenAPI 3.1 document, generated from the zod schemas the routes validate with
 * (`npm run openapi`) and served by Workers Static Assets before the Worker runs; this route answers the same from
 * the ASSETS binding wherever the asset router is not in front (tests, a Worker called directly).
 * `GET /docs` (no token): a reference page for it.
 *
 * @example
 * ```sh
 * curl -s https://kie-edge.example.workers.dev/openapi.json | jq .paths
 * ```
 */
export const docs = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.env.ASSETS.fetch(new URL("/openapi.json", c.req.url)))
  .get("/docs", sandboxed, async (c) => {
    const nonce = c.get("secureHeadersNonce");
    const document = await c.env.ASSETS.fetch(new URL("/openapi.json", c.req.url));
    if (!document.ok) throw apiError(503, "the OpenAPI document is missing: run npm run openapi");
    // JSON inside a script element: `<` escaped so no text of the document can close the element.
    const content = await document.json();
    const options = JSON.stringify({ ...SCALAR_OPTIONS, content }).replace(/</g, "\\u003c");
    return c.html(
      html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>kie-edge API</title>
          </head>
          <body>
            <div id="app"></div>
            <script nonce="${nonce}">
              ${raw(STORAGE_SHIM)}
            </script>
            <script src="${SCALAR.src}" integrity="${SCALAR.integrity}" crossorigin="anonymous"></script>
            <script nonce="${nonce}">
              Scalar.createApiReference("#app", ${raw(options)});
            </script>
          </body>
        </html>`,
    );
  });
