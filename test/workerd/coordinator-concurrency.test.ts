// Eight manual checks and the cron at once, at every step of ok → low → critical → top-up: one alert per
// transition, each with an id of its own, each delivered once — exactly what a sequential run gives.
import { describe, expect, it } from "vitest";
import { MONITOR_ENV, runCron } from "../support/cron";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";

const every = { MONITOR_CHECK_MIN_INTERVAL_S: "0", FORECAST_HOURS: "0" };
const steps = [500, 80, 10, 500];

async function stepAll(balance: number) {
  sim.state.balance = balance;
  const manual = Array.from({ length: 8 }, () =>
    ask("/api/v1/monitor/check", { method: "POST", env: { ...MONITOR_ENV, ...every } }),
  );
  await Promise.all([...manual, runCron(Date.now(), every)]);
}

describe("overlapping checks", () => {
  it("raise one alert per transition, as a sequential run does", async () => {
    sim.state.delayMs.credit = 20;
    for (const balance of steps) await stepAll(balance);
    const concurrent = receiver.events();
    expect(concurrent.map((e) => e.type)).toEqual(["credits.low", "credits.critical", "credits.recovered"]);
    expect(new Set(concurrent.map((e) => e.id)).size).toBe(3);
    expect(receiver.acknowledged()).toHaveLength(3);
  });

  it("share one kie.ai call when they overlap", async () => {
    sim.state.delayMs.credit = 50;
    await stepAll(80);
    expect(sim.state.calls.credit).toBeLessThanOrEqual(2);
  });
});
