// A steady burn is a warning before any threshold is crossed: when credits will run out within
// FORECAST_HOURS at the current rate, say so once, with the rate and the projected time.
import { describe, expect, it } from "vitest";
import { HOUR, runBalances, T0 } from "../support/cron";
import { receiver } from "../support/receiver";

// 10 credits an hour from 1,000: the projection is under 24 h once the balance is under 240.
const burn = (from: number, hours: number) => Array.from({ length: hours + 1 }, (_, h) => from - 10 * h);

describe("depletion forecast", () => {
  it("fires once when the projection enters the window, with rate and time", async () => {
    await runBalances(burn(300, 10), { every: HOUR });
    const events = receiver.acknowledged().map((d) => JSON.parse(d.body));
    expect(events.map((e) => e.type)).toEqual(["credits.depletion_forecast"]);
    const [alert] = events;
    // Fired at 7 h (230 left): 23 h at 10 an hour.
    expect(alert.timestamp).toBe(new Date(T0 + 7 * HOUR).toISOString());
    expect(alert.data.burnRatePerHour).toBeCloseTo(10, 6);
    expect(alert.data.projectedDepletionAt).toBe(new Date(T0 + 30 * HOUR).toISOString());
  });

  it("ignores top-ups: a rise starts a new segment rather than counting as negative spend", async () => {
    // 250 → 240 → top-up to 1,240 → 1,230: still 10 an hour, so 1,230 lasts 123 h: no alert.
    await runBalances([250, 240, 1240, 1230], { every: HOUR });
    expect(receiver.events()).toEqual([]);
    // Without the top-up discount the rate would read as negative; with it, the burn continues from the new level.
    await runBalances([1220, 1210], { every: HOUR, start: T0 + 4 * HOUR });
    expect(receiver.events()).toEqual([]);
  });

  it("re-arms after the projection leaves the window, and fires again when it returns", async () => {
    await runBalances([300, 290, 280, 270, 260, 250, 240, 230], { every: HOUR });
    await runBalances([2000, 1990, 1980], { every: HOUR, start: T0 + 8 * HOUR });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.depletion_forecast"]);
    await runBalances([230, 220], { every: HOUR, start: T0 + 11 * HOUR });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.depletion_forecast", "credits.depletion_forecast"]);
  });

  it("stays quiet with less than an hour of history, however steep", async () => {
    await runBalances([300, 200, 101], { every: 25 * 60_000 });
    expect(receiver.events()).toEqual([]);
  });

  it("stays quiet when nothing is spent", async () => {
    await runBalances([150, 150, 150, 150], { every: HOUR });
    expect(receiver.events()).toEqual([]);
  });
});
