// While credits stay low nobody should forget: a reminder every ALERT_REPEAT_HOURS, none when it is 0,
// and none once the balance recovers.
import { describe, expect, it } from "vitest";
import { HOUR, runBalances } from "../support/cron";
import { receiver } from "../support/receiver";

const hourly = (n: number, balance: number) => Array.from({ length: n }, () => balance);

describe("reminders", () => {
  it("reminds every ALERT_REPEAT_HOURS while low", async () => {
    // Runs at 0 h … 5 h; reminders fall due at 2 h and 4 h.
    await runBalances(hourly(6, 80), { every: HOUR, env: { ALERT_REPEAT_HOURS: "2", FORECAST_HOURS: "0" } });
    const events = receiver.events();
    expect(events.map((e) => e.type)).toEqual(["credits.low", "credits.reminder", "credits.reminder"]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it("uses the 24-hour default", async () => {
    await runBalances(hourly(26, 80), { every: HOUR, env: { FORECAST_HOURS: "0" } });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.reminder"]);
  });

  it("never reminds when ALERT_REPEAT_HOURS is 0", async () => {
    await runBalances(hourly(5, 10), { every: 12 * HOUR, env: { ALERT_REPEAT_HOURS: "0", FORECAST_HOURS: "0" } });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.critical"]);
  });

  it("stops reminding after recovery", async () => {
    const env = { ALERT_REPEAT_HOURS: "1", FORECAST_HOURS: "0" };
    await runBalances([80, 500, 500, 500], { every: HOUR, env });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.recovered"]);
  });
});
