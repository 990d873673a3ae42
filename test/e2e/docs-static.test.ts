// /docs runs a third-party script on the gateway's origin, where the dashboard keeps its token: the page loads one
// exact file of it (Subresource Integrity) and its own start-up, and its policy (public/_headers) makes it a
// sandboxed document that may run nothing else. (docs-browser.test.ts checks the same in Chromium.)
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const html = await readFile("public/docs.html", "utf8");
const headers = await readFile("public/_headers", "utf8");

/** The directives of the CSP `_headers` gives `path`. */
function policyOf(path: string): Record<string, string[]> {
  const block = headers.split(/\n(?=\/)/).find((b) => b.split("\n")[0]?.trim() === path) ?? "";
  const csp = /Content-Security-Policy: (.*)/.exec(block)?.[1] ?? "";
  return Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
}

describe("/docs", () => {
  const scripts = [...html.matchAll(/<script\s+([^>]*)>/g)].map((m) => m[1] ?? "");
  const pinned = /src="(https:[^"]+)"/.exec(scripts[1] ?? "")?.[1] ?? "";

  it("loads its own start-up, then one exact version of the reference script with an integrity hash", () => {
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toBe('src="/docs.js"');
    expect(pinned).toMatch(/^https:\/\/cdn\.jsdelivr\.net\/npm\/@scalar\/api-reference@\d+\.\d+\.\d+\/[\w/.-]+\.js$/);
    expect(scripts[1]).toMatch(/integrity="sha384-[A-Za-z0-9+/]{64}"/);
    expect(scripts[1]).toContain('crossorigin="anonymous"');
  });

  it.each(["/docs", "/docs.html"])("%s is a sandboxed document allowed only those two scripts", (path) => {
    const csp = policyOf(path);
    expect(csp.sandbox).toEqual(["allow-scripts"]);
    expect(csp["default-src"]).toEqual(["'none'"]);
    expect(csp["script-src"]).toEqual(["'self'", pinned]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
  });
});
