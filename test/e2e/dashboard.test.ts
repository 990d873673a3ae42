// The dashboard in a real browser (Debian's chromium driven by playwright-core) against wrangler dev with
// three days of history and a few tasks: nothing shows without a token, the token stays out of the URL, and the
// numbers, the SVG chart (balance, thresholds, forecast) and the task table appear once it is given. A screenshot
// lands in test/artifacts/.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { chromiumAvailable, useBrowser } from "./support/browser";
import { postJson, useStack } from "./support/stack";

const stack = useStack({ ALERT_WEBHOOK_URL: "" });
const chrome = useBrowser("dashboard");

// Three days of 2-hourly checks, 1,200 credits falling steadily to 480 (10 an hour), written straight into the
// running wrangler dev's local KV as the monitor stores it.
function seedHistory() {
  const now = Math.floor(Date.now() / 1000);
  const samples = Array.from({ length: 37 }, (_, k) => [now - (36 - k) * 7200, 480 + (36 - k) * 20]);
  const alert = {
    id: "msg_seeded",
    type: "credits.depletion_forecast",
    createdAt: (now - 3600) * 1000,
    outcome: "delivered",
    at: (now - 3600) * 1000,
  };
  const doc = {
    v: 1,
    samples,
    alert: { level: "ok", lastLevelAlertAt: null, forecastAlerted: true, failures: 0, checkFailedAlerted: false },
    lastCheck: { at: now * 1000, ok: true, balance: 480 },
    pending: [],
    recent: [alert],
  };
  const wrangler = "node_modules/wrangler/bin/wrangler.js";
  const args = ["kv", "key", "put", "--binding", "STORE", "--local", "--persist-to", stack.dev.persistTo, "monitor:v1"];
  execFileSync(process.execPath, [wrangler, ...args, JSON.stringify(doc)], { stdio: "ignore" });
}
// Alice's tasks: one finished, one failed, one still generating (kie.ai's callbacks come back to wrangler dev).
async function seedTasks() {
  stack.sim.state.taskSettings.durationMs = null;
  const create = async () => {
    const res = await stack.ask("/api/v1/jobs/createTask", postJson({ model: "google/imagen4-fast", input: {} }));
    return ((await res.json()) as { data: { taskId: string } }).data.taskId;
  };
  const [done, failed] = [await create(), await create(), await create()];
  await stack.sim.complete(done ?? "", "success");
  await stack.sim.complete(failed ?? "", "fail");
  await stack.sim.settle();
  // kie-edge confirms each outcome with recordInfo after answering kie.ai: wait until both are recorded.
  const summary = async () => (await (await stack.ask("/api/v1/tasks/summary")).json()) as { data: unknown };
  const recorded = { callers: [{ caller: "alice", inFlight: 1, succeeded: 1, failed: 1 }] };
  await vi.waitFor(async () => expect((await summary()).data).toMatchObject(recorded), { timeout: 10_000 });
}
beforeAll(async () => {
  if (!chromiumAvailable) return;
  seedHistory();
  await seedTasks();
});

describe.skipIf(!chromiumAvailable)("dashboard in a browser", () => {
  it("shows nothing without a token, then the numbers and the chart", async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${stack.dev.url}/`);
    expect(await page.isVisible("#data")).toBe(false);
    expect(await page.content()).not.toContain("480");

    await page.getByLabel("Proxy token").fill(TEST_TOKENS.alice);
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForSelector("#data:not([hidden])");
    expect(page.url()).not.toContain(TEST_TOKENS.alice);
    expect(await page.evaluate('sessionStorage.getItem("kie-edge-token")')).toBe(TEST_TOKENS.alice);

    expect(await page.textContent("#balance")).toBe("480");
    expect(await page.textContent("#state")).toBe("ok");
    expect(await page.textContent("#thresholds")).toBe("100 / 20");
    expect(await page.textContent("#burn")).toBe("10 / hour");
    expect(await page.textContent("#depletion")).not.toBe("not projected");
    const points = await page.getAttribute("#balance-line", "points");
    expect(points?.trim().split(" ")).toHaveLength(37);
    expect(await page.locator("[data-threshold]").count()).toBe(2);
    expect(await page.isVisible("#forecast-line")).toBe(true);
    expect(await page.textContent("#alerts")).toContain("credits.depletion_forecast (delivered)");
    const cells = await page.locator("#tasks tbody td").allTextContents();
    expect(cells).toEqual(["alice", "1", "1", "1", "jobs 3"]);
    await page.screenshot({ path: "test/artifacts/dashboard.png", fullPage: true });

    await page.reload();
    await page.waitForSelector("#data:not([hidden])");
    await page.getByRole("button", { name: "Forget token" }).click();
    expect(await page.isVisible("#data")).toBe(false);
  });

  it("fits a phone screen without sideways scrolling", async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${stack.dev.url}/`);
    await page.evaluate(`sessionStorage.setItem("kie-edge-token", ${JSON.stringify(TEST_TOKENS.alice)})`);
    await page.reload();
    await page.waitForSelector("#data:not([hidden])");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.screenshot({ path: "test/artifacts/dashboard-phone.png", fullPage: true });
  });
});

describe("the dashboard's page", () => {
  it("is served as a static asset under a strict policy: only this origin's script and styles, nothing framed", async () => {
    const res = await fetch(`${stack.dev.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync("public/index.html", "utf8"));
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("the dashboard's script and the module it shares with the Keys page", () => {
  it.each(["dashboard.js", "page.js"])(
    "%s is served as a static asset exactly as written, with nosniff",
    async (file) => {
      const res = await fetch(`${stack.dev.url}/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toMatch(/javascript/);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
      expect(await res.text()).toBe(readFileSync(`public/${file}`, "utf8"));
    },
  );
});
