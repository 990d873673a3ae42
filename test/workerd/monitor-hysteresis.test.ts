// A balance that hovers at a threshold must not flap: entering a level is immediate, leaving it needs the
// balance RECOVERY_MARGIN_PERCENT (10 %) above the threshold.
import { describe, expect, it } from "vitest";
import { runBalances } from "../support/cron";
import { receiver } from "../support/receiver";

const env = { FORECAST_HOURS: "0" };

describe("hysteresis", () => {
  it("does not flap around the warning threshold", async () => {
    await runBalances([120, 99, 101, 99.5, 105, 98, 109.9, 99], { env });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low"]);
  });

  it("recovers only at threshold plus margin, and once", async () => {
    await runBalances([99, 110, 111, 108, 112], { env });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.recovered"]);
  });

  it("does not flap around the critical threshold, nor call leaving it a recovery", async () => {
    await runBalances([50, 19, 21, 19.5, 21.9, 23, 60], { env });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.critical"]);
  });

  it("honours a configured margin", async () => {
    await runBalances([99, 104, 106], { env: { ...env, RECOVERY_MARGIN_PERCENT: "5" } });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.recovered"]);
  });
});
