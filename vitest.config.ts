import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { KIE_BASE, TEST_CALLBACK_KEY, TEST_KIE_KEY, TEST_PROXY_TOKENS, WEBHOOK_URL } from "./test/support/fixtures.ts";

export default defineConfig({
  test: {
    // Logs are part of what tests assert; printed only when a test fails.
    silent: "passed-only",
    // The fault-injection and soak tables, printed after the run.
    reporters: ["default", "./test/reporter.ts"],
    projects: [
      {
        // Inside workerd, with real KV (miniflare) and msw routing kie.ai to the simulator.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                KIE_API_KEY: TEST_KIE_KEY,
                PROXY_TOKENS: TEST_PROXY_TOKENS,
                KIE_BASE_URL: KIE_BASE,
                // Retries wait a millisecond, not a quarter second: tests count attempts, they do not time them.
                UPSTREAM_BACKOFF_MS: "1",
                // The coordinator's own env (its alarms run with it) points at the test receiver, as production's
                // points at the real webhook; tests that want none set ALERT_WEBHOOK_URL to "".
                ALERT_WEBHOOK_URL: WEBHOOK_URL,
                ALERT_RETRY_BACKOFF_MS: "1",
                // Relays to callers' callBackUrl are signed with keys derived from this.
                CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY,
                // The monitor's suites move the balance with no task behind it, which is exactly unattributed
                // spend; the suites of that alert turn it on.
                UNATTRIBUTED_SPEND_ALERT: "off",
                // A successful task's files would be copied in the background and count as kie.ai calls and file
                // fetches; the archive's suites turn it on (test/support/archive.ts).
                ARCHIVING: "off",
              },
              // The suites make thousands of requests as one caller; the rate-limit test brings its own small limit.
              ratelimits: {
                CALLER_LIMIT: { namespace_id: "4101", simple: { limit: 1_000_000, period: 60 } },
                CALLER_LIMIT_HIGH: { namespace_id: "4102", simple: { limit: 1_000_000, period: 60 } },
                TEST_LIMIT_3: { namespace_id: "4103", simple: { limit: 3, period: 60 } },
                TEST_LIMIT_5: { namespace_id: "4104", simple: { limit: 5, period: 60 } },
              },
            },
          }),
        ],
        test: {
          name: "workerd",
          include: ["test/workerd/**/*.test.ts"],
          // A hang guard, not a timing goal: the fast-check suites run 1,000 cases per test on a shared CI core.
          testTimeout: 60_000,
          setupFiles: ["test/support/setup.ts"],
        },
      },
      {
        // Against the real `wrangler dev` and the simulator over loopback.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
