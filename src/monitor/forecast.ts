import { type Sample, samplesSince } from "./history";

/** A burn rate needs at least this much history in its window to mean anything. */
export const MIN_SPAN_SECONDS = 3600;

/** Spending and when it runs the balance out. */
export interface Forecast {
  /** Credits spent per hour over the window; null until the window holds an hour of samples. */
  burnRatePerHour: number | null;
  /** Epoch ms when the balance reaches zero at that rate; null when nothing is being spent. */
  projectedDepletionAt: number | null;
}

/**
 * Burn rate over the last `windowHours`, ignoring top-ups: the history is cut into segments wherever the balance
 * rises, and the rate is what the segments spent over the time they span. A top-up therefore never reads as
 * negative spending, and the time it takes does not dilute the rate. Depletion is projected from the latest
 * balance at that rate.
 *
 * @example
 * ```ts
 * const { burnRatePerHour, projectedDepletionAt } = forecast(history, 24, Date.now())
 * ```
 */
export function forecast(history: readonly Sample[], windowHours: number, nowMs: number): Forecast {
  const window = samplesSince(history, nowMs - windowHours * 3_600_000);
  const last = window.at(-1);
  let spent = 0;
  let seconds = 0;
  for (let i = 1; i < window.length; i++) {
    const [t0, b0] = window[i - 1] as Sample;
    const [t1, b1] = window[i] as Sample;
    if (b1 > b0) continue;
    spent += b0 - b1;
    seconds += t1 - t0;
  }
  if (!last || seconds < MIN_SPAN_SECONDS) return { burnRatePerHour: null, projectedDepletionAt: null };
  const burnRatePerHour = (spent / seconds) * 3600;
  const projectedDepletionAt =
    burnRatePerHour > 0 ? last[0] * 1000 + Math.max(0, last[1] / burnRatePerHour) * 3_600_000 : null;
  return { burnRatePerHour, projectedDepletionAt };
}
