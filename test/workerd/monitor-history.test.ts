// The pure parts of the monitor: the bounded history and the burn rate, checked on exact numbers.
import { describe, expect, it } from "vitest";
import { appendSample, forecast, HISTORY_SECONDS, type Sample } from "../../src/monitor";

const H = 3600;

describe("history", () => {
  it("keeps 7 days, drops what is older, and stays in time order", () => {
    const now = 1_000_000_000;
    let history: Sample[] = [];
    for (let t = now - HISTORY_SECONDS - 1200; t <= now; t += 600) history = appendSample(history, [t, 1], t * 1000);
    expect(history[0]?.[0]).toBeGreaterThanOrEqual(now - HISTORY_SECONDS);
    expect(history).toHaveLength(HISTORY_SECONDS / 600 + 1);
    history = appendSample(history, [now - 300, 2], now * 1000);
    expect(history.at(-2)).toEqual([now - 300, 2]);
  });
});

describe("burn rate", () => {
  it("is spending over time, ignoring top-ups and the time they span", () => {
    const samples: Sample[] = [
      [0, 100],
      [H, 90],
      [2 * H, 500],
      [3 * H, 480],
    ];
    // Spent 10 in the first hour and 20 in the last; the top-up hour counts for neither.
    expect(forecast(samples, 24, 3 * H * 1000)).toEqual({
      burnRatePerHour: 15,
      projectedDepletionAt: (3 * H + (480 / 15) * H) * 1000,
    });
  });

  it("only looks at the window", () => {
    const samples: Sample[] = [
      [0, 1000],
      [H, 100],
      [30 * H, 90],
      [31 * H, 80],
    ];
    expect(forecast(samples, 24, 31 * H * 1000).burnRatePerHour).toBe(10);
  });
});
