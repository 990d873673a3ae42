// The alert state machine on its own, as a plain function (no cron, no KV, no webhook): every transition,
// hysteresis at each threshold, reminders, forecasts and check failures, step by step from a table.
import { describe, expect, it } from "vitest";
import type { MonitorSettings } from "../../src/config";
import { type AlertState, evaluate, INITIAL_ALERT_STATE, levelOf, type Observation } from "../../src/monitor";

const S: MonitorSettings = {
  warnThreshold: 100,
  criticalThreshold: 20,
  recoveryMargin: 0.1,
  forecastHours: 24,
  burnWindowHours: 24,
  repeatHours: 2,
  failuresBeforeAlert: 3,
  checkMinIntervalMs: 0,
};
const HOUR = 3_600_000;
const balance = (b: number, depletesInHours: number | null = null): Observation => ({
  ok: true,
  balance: b,
  forecast: { burnRatePerHour: null, projectedDepletionAt: depletesInHours === null ? null : depletesInHours * HOUR },
});
const failed: Observation = { ok: false, error: "kie.ai failed with code 500 after 1 attempt" };

/** Runs observations an hour apart from the initial state; answers the alert types and the final state. */
function run(steps: Observation[], settings: Partial<MonitorSettings> = {}): { alerts: string[][]; state: AlertState } {
  let state = INITIAL_ALERT_STATE;
  const alerts: string[][] = [];
  steps.forEach((seen, hour) => {
    const out = evaluate(state, seen, { ...S, ...settings }, hour * HOUR, () => `msg_${hour}`);
    state = out.state;
    alerts.push(out.alerts.map((a) => a.type));
  });
  return { alerts, state };
}

describe("levelOf: entering is immediate, leaving needs the margin", () => {
  it.each([
    [150, "ok", "ok"],
    [99.99, "ok", "low"],
    [19, "ok", "critical"],
    [105, "low", "low"],
    [111, "low", "ok"],
    [21, "critical", "critical"],
    [22, "critical", "low"],
    [111, "critical", "ok"],
  ] as const)("%d from %s is %s", (b, before, after) => {
    expect(levelOf(b, before, S)).toBe(after);
  });
});

describe("evaluate", () => {
  it.each([
    [
      "low, then critical, then recovered",
      [150, 90, 15, 500],
      [[], ["credits.low"], ["credits.critical"], ["credits.recovered"]],
    ],
    ["straight to critical", [150, 10], [[], ["credits.critical"]]],
    ["no flapping around a threshold", [99, 101, 99, 105, 109], [["credits.low"], [], [], [], []]],
    ["leaving critical for low is not announced", [10, 25, 30], [["credits.critical"], [], []]],
    [
      "reminders every repeatHours while low",
      [90, 90, 90, 90, 90],
      [["credits.low"], [], ["credits.reminder"], [], ["credits.reminder"]],
    ],
  ] as const)("%s", (name, balances, expected) => {
    // Reminders have their own case; elsewhere they would fall due between the steps.
    const settings = name.startsWith("reminders") ? {} : { repeatHours: 0 };
    expect(
      run(
        balances.map((b) => balance(b)),
        settings,
      ).alerts,
    ).toEqual(expected);
  });

  it("forecasts once, and re-arms only when the projection leaves the window by the margin", () => {
    const steps = [
      balance(500, 30),
      balance(500, 20),
      balance(500, 10),
      balance(500, 25),
      balance(500, 40),
      balance(500, 12),
    ];
    // Projections are absolute times; each step is an hour later, so 20 h from step 1 is 19 h away, and so on.
    expect(run(steps).alerts).toEqual([[], ["credits.depletion_forecast"], [], [], [], ["credits.depletion_forecast"]]);
  });

  it("says check_failed after failuresBeforeAlert failures in a row, once, and check_recovered after", () => {
    const { alerts, state } = run([failed, failed, failed, failed, balance(500)]);
    expect(alerts).toEqual([[], [], ["monitor.check_failed"], [], ["monitor.check_recovered"]]);
    expect(state).toMatchObject({ failures: 0, checkFailedAlerted: false });
  });

  it("fixes what an alert says when it is raised", () => {
    const { alerts } = evaluate(INITIAL_ALERT_STATE, balance(15), S, 0, () => "msg_x");
    expect(alerts[0]).toMatchObject({
      id: "msg_x",
      createdAt: 0,
      data: { balance: 15, state: "critical", thresholds: { warn: 100, critical: 20 }, consecutiveFailures: 0 },
    });
  });
});
