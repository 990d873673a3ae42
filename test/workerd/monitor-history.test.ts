// The pure part of the monitor: the burn rate, checked on exact numbers.
import { describe, expect, it } from "vitest";
import { forecast, type Sample } from "../../src/monitor";

const H = 3600;

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
