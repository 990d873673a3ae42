import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { saveReport } from "./report";

const CHROMIUM = "/usr/bin/chromium";

/** Whether Debian's Chromium is here; CI installs it, so browser tests always run there. */
export const chromiumAvailable = existsSync(CHROMIUM);

/**
 * Chromium for one test file, launched before its tests and closed after; on a machine without it, a loud note
 * (printed at the end of `npm test`) instead of a silent skip.
 *
 * @example
 * ```ts
 * const chrome = useBrowser("dashboard")
 * describe.skipIf(!chromiumAvailable)("in a browser", () => { ... chrome.browser.newPage() ... })
 * ```
 */
export function useBrowser(name: string): { browser: Browser } {
  const holder = {} as { browser: Browser };
  beforeAll(async () => {
    if (!chromiumAvailable) {
      const warning = `SKIPPED the ${name} browser test: ${CHROMIUM} is missing. Install it with: sudo apt-get install -y chromium`;
      console.error(`\n*** ${warning} ***\n`);
      await saveReport(`${name}-browser`, `**${warning}**`);
      return;
    }
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this network refuses.
    holder.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(() => holder.browser?.close());
  return holder;
}
