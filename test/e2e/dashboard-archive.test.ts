// The dashboard's archive in Chromium against wrangler dev: a finished image task's file archived with no client
// call shows as archived with its size and a preview that decodes (fetched with the token, shown from an object
// URL), and the caller's storage bar shows what it keeps against its quota. Screenshot in test/artifacts/.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { chromiumAvailable, useBrowser } from "./support/browser";
import { postJson, useStack } from "./support/stack";

// A 1×1 PNG: the simulator's usual bytes are a pattern no browser decodes.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const stack = useStack({
  ARCHIVING: "on",
  CALLER_POLICIES: JSON.stringify({ alice: { archive: { maxBytes: 1000 } } }),
});
const chrome = useBrowser("dashboard-archive");
let taskId = "";

beforeAll(async () => {
  if (!chromiumAvailable) return;
  stack.sim.state.taskSettings.durationMs = null;
  const res = await stack.ask("/api/v1/jobs/createTask", postJson({ model: "google/imagen4-fast", input: {} }));
  taskId = ((await res.json()) as { data: { taskId: string } }).data.taskId;
  stack.sim.state.fileContents[`/tasks/${taskId}/0.png`] = PNG;
  await stack.sim.complete(taskId, "success");
  await vi.waitFor(
    async () => {
      const body = (await (await stack.ask(`/api/v1/archive/${taskId}`)).json()) as { data?: { files: unknown[] } };
      expect(body.data?.files).toEqual([expect.objectContaining({ state: "archived" })]);
    },
    { timeout: 20_000, interval: 200 },
  );
});

describe.skipIf(!chromiumAvailable)("the archive in a browser", () => {
  it("lists the archived task with its size and a decoded preview, and the storage bar against the quota", async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${stack.dev.url}/`);
    await page.evaluate(`sessionStorage.setItem("kie-edge-token", ${JSON.stringify(TEST_TOKENS.alice)})`);
    await page.reload();
    await page.waitForSelector("#data:not([hidden])");
    const row = page.locator(`#archive tr[data-task="${taskId}"]`);
    expect(await row.locator("td").allTextContents()).toEqual([
      taskId,
      "alice",
      "jobs",
      `#0 archived ${PNG.length} bytes`,
      "",
    ]);
    const img = row.locator("img.thumb");
    await img.waitFor();
    expect(await img.getAttribute("src")).toMatch(/^blob:/);
    await vi.waitFor(async () =>
      expect(await img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth)).toBe(1),
    );
    const bar = page.locator('#storage [role=meter][data-caller="alice"]');
    expect(await bar.getAttribute("aria-valuenow")).toBe(String(PNG.length));
    expect(await bar.getAttribute("aria-valuemax")).toBe("1000");
    expect(await page.locator("#storage li").first().textContent()).toContain(
      `alice — ${PNG.length} bytes in 1 file of 1 kB`,
    );
    await page.screenshot({ path: "test/artifacts/dashboard-archive.png", fullPage: true });
  });
});
