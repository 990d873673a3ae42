// /docs in Chromium against wrangler dev: the reference page cannot reach the token the dashboard keeps in this
// origin's sessionStorage, and a reference script that is not the pinned file is refused by the browser. There is
// no internet here, so the test answers for the CDN — with a script that is not the pinned one.

import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { chromiumAvailable, useBrowser } from "./support/browser";
import { useStack } from "./support/stack";

const stack = useStack();
const pinned = /src="(https:[^"]+)"/.exec(await readFile("public/docs.html", "utf8"))?.[1];
const chrome = useBrowser("docs");

describe.skipIf(!chromiumAvailable)("/docs in a browser", () => {
  it("cannot read this origin's storage, and runs no script but the pinned file", async () => {
    const page = await chrome.browser.newPage();
    const asked: string[] = [];
    await page.route("https://cdn.jsdelivr.net/**", (route) => {
      asked.push(route.request().url());
      return route.fulfill({
        contentType: "application/javascript",
        headers: { "Access-Control-Allow-Origin": "*" },
        body: "window.ran = true;",
      });
    });
    await page.goto(`${stack.dev.url}/`);
    await page.evaluate(`sessionStorage.setItem("kie-edge-token", ${JSON.stringify(TEST_TOKENS.alice)})`);
    const documents = page.waitForResponse((res) => res.url().endsWith("/openapi.json"));
    await page.goto(`${stack.dev.url}/docs`);

    expect(asked).toEqual([pinned]);
    // Subresource Integrity: the file's hash is not the pinned one, so it never ran.
    expect(await page.evaluate("window.ran")).toBeUndefined();
    // The page's own start-up ran (its script is allowed) and gave the page a storage of its own.
    expect(await page.evaluate('Object.hasOwn(window, "sessionStorage")')).toBe(true);
    // A sandboxed document: an opaque origin, which this origin's storage and cookies do not belong to.
    expect(await page.evaluate("window.origin")).toBe("null");
    const cookie = "(() => { try { return document.cookie } catch (e) { return e.name } })()";
    expect(await page.evaluate(cookie)).toBe("SecurityError");
    // The start-up fetched the OpenAPI document across the sandbox's origin, as its policy and CORS allow.
    const document = await documents;
    expect([document.status(), document.request().headers().origin]).toEqual([200, "null"]);
    expect(JSON.parse(await document.text())).toEqual(expect.objectContaining({ openapi: "3.1.0" }));
  });
});
