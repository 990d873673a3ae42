// The Keys page in Chromium against wrangler dev, beside the admin's flow (keys-browser-admin): a key's holder sees
// its own key and nothing to manage; a phone gets one column; and the page is a static asset under the dashboard's
// strict policy. A screenshot lands in test/artifacts/.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { chromiumAvailable, useBrowser } from "./support/browser";
import { postJson, useStack } from "./support/stack";

const stack = useStack({ CALLER_POLICIES: JSON.stringify({ alice: { admin: true } }) });
const chrome = useBrowser("keys");

async function pageWith(token: string, viewport = { width: 1200, height: 900 }) {
  const context = await chrome.browser.newContext({ viewport, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await page.goto(`${stack.dev.url}/keys`);
  await page.evaluate(`sessionStorage.setItem("kie-edge-token", ${JSON.stringify(token)})`);
  await page.reload();
  await page.waitForSelector("#data:not([hidden])");
  return page;
}

describe.skipIf(!chromiumAvailable)("the Keys page in a browser", () => {
  it("shows a key's holder its own key, and nothing to manage", async () => {
    const res = await stack.ask("/api/v1/keys", postJson({ caller: "erin", note: "CI" }));
    const { id, key } = ((await res.json()) as { data: { id: string; key: string } }).data;
    const page = await pageWith(key);
    expect(await page.textContent("#you")).toBe(`Signed in as erin with key ${id} — you see your own keys.`);
    expect(await page.isVisible("#create")).toBe(false);
    expect(await page.isVisible("#audit-section")).toBe(false);
    const rows = await page.locator("#keys tbody tr").allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("active (this key)");
    expect(await page.locator("#keys tbody button").count()).toBe(0);
  });

  it("fits a phone screen in one column, without sideways scrolling", async () => {
    const page = await pageWith(TEST_TOKENS.alice, { width: 375, height: 740 });
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    expect(await page.evaluate('getComputedStyle(document.querySelector("#keys tbody td")).display')).toBe("grid");
    await page.screenshot({ path: "test/artifacts/keys-phone.png", fullPage: true });
  });
});

describe("the Keys page", () => {
  it("is served as a static asset under the dashboard's strict policy, its script exactly as written", async () => {
    const res = await fetch(`${stack.dev.url}/keys`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync("public/keys.html", "utf8"));
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    for (const part of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(part);
    }
    const script = await fetch(`${stack.dev.url}/keys.js`);
    expect(script.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(await script.text()).toBe(readFileSync("public/keys.js", "utf8"));
  });
});
