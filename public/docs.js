// @ts-check
// /docs' own start-up, run before Scalar's script (public/docs.html). A sandboxed document has no storage: reading
// localStorage throws, and Scalar reads it when it loads, so it gets a memory-only stand-in and nothing it keeps
// outlives the page. Once the page has loaded, the OpenAPI document is fetched (CORS: this page's origin is opaque)
// and handed to Scalar, which itself fetches nothing.

const memory = () => {
  const m = new Map();
  return {
    /** @param {string} k */
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    /** @param {string} k @param {unknown} v */
    setItem: (k, v) => void m.set(k, String(v)),
    /** @param {string} k */
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    /** @param {number} i */
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
};
for (const name of ["localStorage", "sessionStorage"]) Object.defineProperty(window, name, { value: memory() });

const OPTIONS = {
  hideClientButton: true,
  hideTestRequestButton: true,
  showDeveloperTools: "never",
  withDefaultFonts: false,
  telemetry: false,
  // Both would send the document to Scalar's servers.
  agent: { disabled: true },
  mcp: { disabled: true },
};

addEventListener("DOMContentLoaded", async () => {
  const res = await fetch(new URL("/openapi.json", location.href));
  const content = await res.json();
  const scalar = /** @type {{ Scalar?: { createApiReference(at: string, options: object): void } }} */ (
    /** @type {unknown} */ (window)
  ).Scalar;
  scalar?.createApiReference("#app", { ...OPTIONS, content });
});
