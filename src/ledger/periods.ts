/** The budget periods, in UTC. */
export const PERIODS = ["daily", "monthly"] as const;
export type Period = (typeof PERIODS)[number];

/**
 * The UTC day or month `at` falls in: its key (`2026-11-25`, `2026-11`) and when it started and ends (epoch ms).
 *
 * @example
 * ```ts
 * periodOf("monthly", Date.UTC(2026, 10, 25)) // { key: "2026-11", start: Date.UTC(2026, 10), end: Date.UTC(2026, 11) }
 * ```
 */
export function periodOf(period: Period, at: number): { key: string; start: number; end: number } {
  const d = new Date(at);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  if (period === "monthly") {
    return { key: new Date(Date.UTC(y, m)).toISOString().slice(0, 7), start: Date.UTC(y, m), end: Date.UTC(y, m + 1) };
  }
  const start = Date.UTC(y, m, d.getUTCDate());
  return { key: new Date(start).toISOString().slice(0, 10), start, end: start + 86_400_000 };
}
