// The contract without reading code: /openapi.json describes every route the app serves and no other,
// declares the bearer scheme and the error statuses, and is built from the schemas the routes use.
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { openApiDocument } from "../../src/api/openapi";
import { app } from "../../src/app";
import { ask } from "../support/gateway";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { securitySchemes: Record<string, { scheme: string }> };
};

describe("GET /openapi.json", () => {
  it("is OpenAPI 3.1, open to all, with the bearer scheme", async () => {
    const { res, body } = await ask("/openapi.json", { token: null });
    const doc = body as unknown as Doc;
    expect(res.status).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.proxyToken?.scheme).toBe("bearer");
  });

  it("is the document the schemas make today (else: npm run openapi)", async () => {
    const { body } = await ask("/openapi.json", { token: null });
    expect(body).toEqual(openApiDocument(version));
  });

  it("lists exactly the routes the app serves, method by method", async () => {
    const doc = (await ask("/openapi.json", { token: null })).body as unknown as Doc;
    // A route with middleware (body limit, validator) is registered once per handler.
    // `/docs` is a static page (public/docs.html), served before the Worker runs; a parameter's pattern (`{.+}`, a
    // path of several segments) is not part of its name.
    const served = [
      ...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`)),
      "GET /docs",
    ]
      .map((route) => route.replace(/(:\w+)\{[^}]+\}/g, "$1"))
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      )
      .sort();
    expect(documented).toEqual(served);
  });

  it("documents every status of the mapping table on a proxied route", async () => {
    const doc = (await ask("/openapi.json", { token: null })).body as unknown as Doc;
    const credit = doc.paths["/api/v1/chat/credit"]?.get;
    expect(Object.keys(credit?.responses ?? {}).sort()).toEqual(
      ["200", "401", "402", "405", "422", "429", "455", "502", "503", "504", "505"].sort(),
    );
    expect(credit?.security).toEqual([{ proxyToken: [] }]);
  });
});
