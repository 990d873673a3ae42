// The Keys page in Chromium against wrangler dev: an admin makes a key with the keyboard alone — its secret shown
// once, with a copy button and a warning, gone once stored — rotates it, revokes it with a reason, reads the audit
// log and filters the list. A screenshot lands in test/artifacts/.
import { describe, expect, it, vi } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { chromiumAvailable, useBrowser } from "./support/browser";
import { useStack } from "./support/stack";

const stack = useStack({ CALLER_POLICIES: JSON.stringify({ alice: { admin: true } }) });
const chrome = useBrowser("keys-admin");

describe.skipIf(!chromiumAvailable)("the Keys page in a browser", () => {
  it("makes a key with the keyboard, shows its secret once, rotates and revokes it, and logs it all", async () => {
    const context = await chrome.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${stack.dev.url}/keys`);
    expect(await page.isVisible("#data")).toBe(false);
    await page.getByLabel("Proxy token").fill(TEST_TOKENS.alice);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#create:not([hidden])");
    expect(await page.textContent("#you")).toContain("alice with a PROXY_TOKENS token — an admin");

    // The form, by keyboard: type, Tab to the next field, Enter to submit.
    await page.locator("#new-caller").focus();
    await page.keyboard.type("dana");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Dana's laptop");
    await page.locator("#new-models").focus();
    await page.keyboard.type("google/*, veo/*");
    await page.keyboard.press("Tab");
    await page.keyboard.type("100");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#secret:not([hidden])");
    const secret = (await page.textContent("#secret-value")) ?? "";
    expect(secret).toMatch(/^ke_[A-Za-z0-9_-]{49}$/);
    expect(await page.textContent("#secret .warning")).toContain("the only time the key is shown");
    expect(await page.evaluate("document.activeElement.id")).toBe("secret-heading");
    await page.getByRole("button", { name: "Copy key" }).click();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(secret);
    expect((await stack.ask("/api/v1/chat/credit", { token: secret })).status).toBe(200);
    const row = page.locator("#keys tbody tr", { hasText: "dana" });
    expect(await row.textContent()).toContain("models google/*, veo/*; 100 a day");
    await page.screenshot({ path: "test/artifacts/keys.png", fullPage: true });
    await page.getByRole("button", { name: "I have stored it" }).click();
    expect(await page.content()).not.toContain(secret.slice(11));

    // Rotate, by keyboard: the row's button, the dialog's select, Tab to its Rotate button, Enter.
    await row.getByRole("button", { name: /^Rotate/ }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#rotate-dialog[open]");
    await page.locator("#rotate-grace").selectOption("3600");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#secret:not([hidden])");
    const fresh = (await page.textContent("#secret-value")) ?? "";
    expect(fresh).not.toBe(secret);
    expect(await page.textContent("#secret-for")).toContain("the old one works until");
    await page.getByRole("button", { name: "I have stored it" }).click();

    // Escape leaves a dialog without doing anything; then revoke with a reason.
    await row.getByRole("button", { name: /^Revoke/ }).click();
    await page.keyboard.press("Escape");
    expect(await page.isVisible("#revoke-dialog")).toBe(false);
    await row.getByRole("button", { name: /^Revoke/ }).click();
    await page.locator("#revoke-reason").fill("laptop lost");
    await page.keyboard.press("Enter");
    await vi.waitFor(async () => expect(await row.textContent()).toContain("revoked: laptop lost"), { timeout: 5000 });
    expect((await stack.ask("/api/v1/chat/credit", { token: fresh })).status).toBe(401);
    const audit = await page.locator("#audit tbody tr").allTextContents();
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatch(/alice via PROXY_TOKENSrevoke — laptop lostkey_/);
    expect(audit[1]).toContain("rotate — grace 3600 s");
    expect(audit[2]).toContain("create");

    // Filters: no active key is left.
    await page.locator("#filter-state").selectOption("active");
    await vi.waitFor(async () => expect(await page.textContent("#keys tbody")).toBe("No keys."), { timeout: 5000 });

    // A secret still on screen goes with the token: "Forget token" hides it, empties it, and hides the data.
    await page.locator("#new-caller").fill("erin");
    await page.locator("#new-caller").press("Enter");
    await page.waitForSelector("#secret:not([hidden])");
    await page.getByRole("button", { name: "Forget token" }).click();
    await page.waitForSelector("#secret", { state: "hidden" });
    expect(await page.textContent("#secret-value")).toBe("");
    expect(await page.isVisible("#data")).toBe(false);
  });
});
