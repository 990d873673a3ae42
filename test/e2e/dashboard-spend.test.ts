// The dashboard's spend chart and budget bars in Chromium against wrangler dev: alice (an admin with budgets) and
// bob finish tasks at 5 credits each (alice's on the Market, bob's a Veo video), alice keeps one in flight, and 30
// credits leave the account with no task behind them. The chart stacks today's bar by caller, draws the
// unattributed line, the spend is shown by family, and the budgets show spent and reserved against the limit; bob
// sees only his own spend and no budget. Screenshots land in test/artifacts/.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { chromiumAvailable, useBrowser } from "./support/browser";
import { postJson, useStack } from "./support/stack";

const policies = { alice: { admin: true, budget: { daily: 50, monthly: 500 } } };
const stack = useStack({
  ALERT_WEBHOOK_URL: "",
  MONITOR_CHECK_MIN_INTERVAL_S: "0",
  CALLER_POLICIES: JSON.stringify(policies),
  MODEL_PRICES: JSON.stringify({ "*": 5 }),
});
const chrome = useBrowser("dashboard-spend");
const today = new Date().toISOString().slice(0, 10);

async function create(token: string, path = "/api/v1/jobs/createTask") {
  const body = postJson(path.includes("veo") ? { prompt: "a fox" } : { model: "google/imagen4-fast", input: {} });
  const res = await stack.ask(path, { ...body, token });
  return ((await res.json()) as { data: { taskId: string } }).data.taskId;
}
beforeAll(async () => {
  if (!chromiumAvailable) return;
  Object.assign(stack.sim.state.taskSettings, { prices: { "*": 5 }, durationMs: null });
  const veo = "/api/v1/veo/generate";
  const done = [await create(TEST_TOKENS.alice), await create(TEST_TOKENS.alice), await create(TEST_TOKENS.bob, veo)];
  for (const id of done) await stack.sim.complete(id, "success");
  await stack.sim.settle();
  // kie-edge confirms each outcome in the background: wait until the ledger has all three.
  const credits = async () => {
    const res = await stack.ask("/api/v1/usage?groupBy=caller");
    return ((await res.json()) as { data: { rows: { credits: number }[] } }).data.rows.map((r) => r.credits);
  };
  await vi.waitFor(async () => expect(await credits()).toEqual([10, 5]), { timeout: 10_000 });
  await create(TEST_TOKENS.alice); // in flight: 5 reserved
  // Two credit checks with 30 credits gone between them and no task finished: 25 unexplained (5 are in flight).
  await stack.ask("/api/v1/monitor/check", { method: "POST" });
  stack.sim.state.balance -= 30;
  await stack.ask("/api/v1/monitor/check", { method: "POST" });
});

async function open(token: string, width: number, colorScheme: "light" | "dark" = "light") {
  const page = await chrome.browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  await page.goto(`${stack.dev.url}/`);
  await page.evaluate(`sessionStorage.setItem("kie-edge-token", ${JSON.stringify(token)})`);
  await page.reload();
  await page.waitForSelector("#data:not([hidden])");
  return page;
}

describe.skipIf(!chromiumAvailable)("spend and budgets in a browser", () => {
  it("stacks today's spend by caller, draws the unattributed line, and shows the budgets", async () => {
    const page = await open(TEST_TOKENS.alice, 1100);
    const [a, b, ...more] = await page
      .locator("#spend rect")
      .evaluateAll((els) =>
        els.map((e) => ({ ...e.dataset, y: Number(e.getAttribute("y")), height: Number(e.getAttribute("height")) })),
      );
    expect(more).toEqual([]);
    expect(a).toMatchObject({ day: today, caller: "alice", credits: "10" });
    expect(b).toMatchObject({ day: today, caller: "bob", credits: "5" });
    expect(a?.height).toBeCloseTo(2 * (b?.height ?? 0), 5);
    expect((b?.y ?? 0) + (b?.height ?? 0)).toBeCloseTo(a?.y ?? 0, 5); // bob's part sits on alice's
    expect(await page.getAttribute(`#spend circle[data-day="${today}"]`, "data-unattributed")).toBe("25");
    expect((await page.getAttribute("#unattributed-line", "points"))?.split(" ")).toHaveLength(1); // checked today
    expect(await page.locator("#spend-legend li").allTextContents()).toEqual(["alice", "bob", "unattributed"]);
    expect(await page.textContent("#spend-summary")).toContain("15 credits spent by callers (alice 10, bob 5); 25");
    const cells = (selector: string) =>
      page.locator(`${selector} tbody tr`).evaluateAll((rows) => rows.map((r) => r.textContent?.trim() ?? ""));
    expect(
      await page
        .locator("#families tbody tr")
        .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))),
    ).toEqual([
      ["jobs", "3", "0", "10"],
      ["veo", "1", "0", "5"],
    ]);
    expect((await cells("#tasks")).join(" | ")).toMatch(/alice.*jobs 3.*\| bob.*veo 1/);

    const meters = page.locator("#budgets [role=meter]");
    expect(await meters.count()).toBe(2);
    const daily = page.locator('[data-caller="alice"][data-period="daily"]');
    expect(await daily.getAttribute("aria-valuenow")).toBe("15");
    expect(await daily.getAttribute("aria-valuemax")).toBe("50");
    expect(await page.locator("#budgets li").first().textContent()).toContain(
      `alice — daily (${today}): 10 spent + 5 reserved of 50, 35 left`,
    );
    expect(await daily.locator("span").evaluateAll((s) => s.map((e) => e.style.width))).toEqual(["20%", "10%"]);
    await page.screenshot({ path: "test/artifacts/dashboard-spend.png", fullPage: true });
  });

  it("shows a caller only its own spend, says when there is no budget, and fits a phone (dark)", async () => {
    const page = await open(TEST_TOKENS.bob, 375, "dark");
    expect(await page.locator("#spend rect").evaluateAll((els) => els.map((e) => e.dataset.caller))).toEqual(["bob"]);
    expect(await page.textContent("#budgets")).toBe("No caller has a budget.");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.screenshot({ path: "test/artifacts/dashboard-spend-phone.png", fullPage: true });
  });
});
