// Without a webhook the monitor still watches: history and state are kept, alerts are recorded as not sent
// (so the status shows what would have been said), and nothing is queued to grow forever.
import { describe, expect, it } from "vitest";
import { runBalances } from "../support/cron";
import { ask } from "../support/gateway";
import { receiver } from "../support/receiver";

const env = { ALERT_WEBHOOK_URL: "" };

describe("no webhook configured", () => {
  it("records history, state and unsent alerts", async () => {
    await runBalances([500, 80, 80], { env });
    expect(receiver.deliveries).toEqual([]);
    const { body } = await ask("/api/v1/monitor/status", { env });
    expect(body.data).toMatchObject({
      lastBalance: 80,
      state: "low",
      samples: 3,
      pendingAlerts: [],
      webhook: { configured: false },
      recentAlerts: [expect.objectContaining({ type: "credits.low", outcome: "not_sent" })],
    });
  });
});
