// The alert sequence a team lives through: credits run low, then critical, then someone tops up. Each
// transition is told once, in order, and nothing is said while nothing changes.
import { describe, expect, it } from "vitest";
import { runBalances } from "../support/cron";
import { receiver } from "../support/receiver";

describe("credit levels", () => {
  it("alerts low, critical, then recovered once after a top-up", async () => {
    // Forecasts have their own test; this steep a fall would rightly raise one too.
    await runBalances([500, 480, 95, 90, 15, 12, 5000, 4990], { env: { FORECAST_HOURS: "0" } });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.critical", "credits.recovered"]);
  });

  it("goes straight to critical when the balance falls past both thresholds", async () => {
    await runBalances([500, 10]);
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.critical"]);
  });

  it("tells the state, thresholds and balance in each alert", async () => {
    await runBalances([95.5]);
    const [low] = receiver.acknowledged().map((d) => JSON.parse(d.body));
    expect(low).toMatchObject({
      type: "credits.low",
      id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
      timestamp: "2026-11-01T00:00:00.000Z",
      data: { balance: 95.5, state: "low", thresholds: { warn: 100, critical: 20 }, consecutiveFailures: 0 },
    });
  });

  it("honours configured thresholds", async () => {
    await runBalances([600, 400, 40], { env: { CREDIT_WARN_THRESHOLD: "500", CREDIT_CRITICAL_THRESHOLD: "50" } });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.critical"]);
  });
});
