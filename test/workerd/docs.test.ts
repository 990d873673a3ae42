// /docs runs a third-party script on the gateway's origin, where the dashboard keeps its token: the script must
// be exactly the pinned file (Subresource Integrity), nothing else may run, and the page must be a sandboxed
// document that cannot read this origin's storage. (test/e2e/docs-browser.test.ts checks the same in Chromium.)
import { describe, expect, it } from "vitest";
import { SCALAR } from "../../src/routes/scalar";
import { askRaw } from "../support/gateway";

async function docsPage() {
  const { res, bytes } = await askRaw("/docs", { token: null });
  return { res, html: new TextDecoder().decode(bytes), csp: directives(res.headers.get("Content-Security-Policy")) };
}

function directives(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
}

describe("GET /docs", () => {
  it("loads one exact version of the reference script, with an integrity hash", async () => {
    const { res, html } = await docsPage();
    expect(res.status).toBe(200);
    expect(SCALAR.src).toMatch(
      /^https:\/\/cdn\.jsdelivr\.net\/npm\/@scalar\/api-reference@\d+\.\d+\.\d+\/[\w/.-]+\.js$/,
    );
    expect(SCALAR.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    const external = [...html.matchAll(/<script src="([^"]*)"([^>]*)>/g)];
    expect(external.map((m) => m[1])).toEqual([SCALAR.src]);
    expect(external[0]?.[2]).toContain(`integrity="${SCALAR.integrity}"`);
    expect(external[0]?.[2]).toContain('crossorigin="anonymous"');
  });

  it("is a sandboxed document whose policy allows only that script and its own nonce", async () => {
    const { csp, html } = await docsPage();
    expect(csp.sandbox).toEqual(["allow-scripts"]);
    expect(csp["default-src"]).toEqual(["'none'"]);
    const [nonce, ...sources] = csp["script-src"] ?? [];
    expect(sources).toEqual([SCALAR.src]);
    const value = /^'nonce-(.+)'$/.exec(nonce ?? "")?.[1];
    expect(value).toBeTruthy();
    const inline = [...html.matchAll(/<script( nonce="[^"]*")?>/g)];
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.every((m) => m[1] === ` nonce="${value}"`)).toBe(true);
    expect(csp["connect-src"]).toBeUndefined();
  });

  it("embeds the OpenAPI document without a way out of its script element", async () => {
    const { html } = await docsPage();
    expect(html).toContain('"openapi":"3.1.0"');
    expect(html.match(/<\/script/gi)).toHaveLength(3);
  });

  it("uses a new nonce on every response", async () => {
    const [a, b] = await Promise.all([docsPage(), docsPage()]);
    expect(a.csp["script-src"]?.[0]).not.toBe(b.csp["script-src"]?.[0]);
  });
});
