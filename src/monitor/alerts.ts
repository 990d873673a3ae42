import type { MonitorSettings, UnattributedAlert } from "../config";
import type { Forecast } from "./forecast";
import type { Alert, AlertData, AlertState, AlertType, Level } from "./model";

export type { Alert, AlertData, AlertState, AlertType, Level } from "./model";

/** What one check saw: a balance with its forecast, or a failure. */
export type Observation = { ok: true; balance: number; forecast: Forecast } | { ok: false; error: string };

/**
 * The spend side of a check: the balance's drop since the previous sample (none after a top-up), what kie-edge's
 * ledger explains of it — credits recorded for tasks finished in the interval, and estimates held for tasks in
 * flight (kie.ai may have charged some already) — and the rest, unexplained.
 */
export interface SpendFigures {
  /** The previous sample's time (epoch ms). */
  since: number;
  drop: number;
  recorded: number;
  inFlight: number;
  unexplained: number;
}

/** A check's spend figures and the limit past which they are worth an alert. */
export type SpendObservation = SpendFigures & { limit: UnattributedAlert };

/**
 * The spend figures of an interval, from the balances at its ends and what the ledger explains.
 *
 * @example
 * ```ts
 * spendFigures(Date.now() - 600_000, 500, 380, { recorded: 20, inFlight: 0 }) // drop 120, unexplained 100
 * ```
 */
export function spendFigures(
  since: number,
  previousBalance: number,
  balance: number,
  explained: { recorded: number; inFlight: number },
): SpendFigures {
  const drop = round(Math.max(0, previousBalance - balance));
  const unexplained = round(Math.max(0, drop - explained.recorded - explained.inFlight));
  return { since, drop, recorded: round(explained.recorded), inFlight: round(explained.inFlight), unexplained };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The state before any check. */
export const INITIAL_ALERT_STATE: AlertState = {
  level: "ok",
  lastLevelAlertAt: null,
  forecastAlerted: false,
  failures: 0,
  checkFailedAlerted: false,
};

/**
 * Decides what one check means: the next state and the alerts to raise. Alerts go out on transitions only (and
 * as reminders every `repeatHours` while low or critical); leaving a level needs the balance `recoveryMargin`
 * above its threshold, so a balance hovering at a threshold does not flap; a forecast alert fires once and re-arms
 * only once the projection moves out of the window by the same margin. Pure: no I/O, no clock of its own.
 *
 * @example
 * ```ts
 * const { state, alerts } = evaluate(previous, { ok: true, balance: 42, forecast }, settings, Date.now(), newId)
 * ```
 */
export function evaluate(
  previous: AlertState,
  seen: Observation,
  s: MonitorSettings,
  now: number,
  newId: () => string,
  spend?: SpendObservation,
): { state: AlertState; alerts: Alert[] } {
  const state = { ...previous };
  const types: AlertType[] = [];
  let data: Omit<AlertData, "state" | "consecutiveFailures">;

  if (!seen.ok) {
    state.failures++;
    if (state.failures >= s.failuresBeforeAlert && !state.checkFailedAlerted) {
      state.checkFailedAlerted = true;
      types.push("monitor.check_failed");
    }
    data = {
      balance: null,
      thresholds: thresholds(s),
      burnRatePerHour: null,
      projectedDepletionAt: null,
      error: seen.error,
    };
  } else {
    if (state.checkFailedAlerted) types.push("monitor.check_recovered");
    state.failures = 0;
    state.checkFailedAlerted = false;
    types.push(...levelAlerts(state, seen.balance, s, now));
    types.push(...forecastAlerts(state, seen.forecast.projectedDepletionAt, s, now));
    const at = seen.forecast.projectedDepletionAt;
    data = {
      balance: seen.balance,
      thresholds: thresholds(s),
      burnRatePerHour: seen.forecast.burnRatePerHour,
      projectedDepletionAt: at === null ? null : new Date(at).toISOString(),
    };
    const unattributed = spend && unattributedSpend(state, spend);
    if (unattributed) {
      types.push("credits.unattributed_spend");
      data.spend = unattributed;
    }
  }

  const alerts = types.map((type) => ({
    id: newId(),
    type,
    createdAt: now,
    data: { ...data, state: state.level, consecutiveFailures: state.failures },
  }));
  return { state, alerts };
}

function levelAlerts(state: AlertState, balance: number, s: MonitorSettings, now: number): AlertType[] {
  const before = state.level;
  const after = levelOf(balance, before, s);
  state.level = after;
  if (after === "ok") {
    state.lastLevelAlertAt = null;
    return before === "ok" ? [] : ["credits.recovered"];
  }
  const reminderDue =
    s.repeatHours > 0 && state.lastLevelAlertAt !== null && now - state.lastLevelAlertAt >= s.repeatHours * 3_600_000;
  const type: AlertType | undefined =
    after === "critical" && before !== "critical"
      ? "credits.critical"
      : before === "ok"
        ? "credits.low"
        : reminderDue
          ? "credits.reminder"
          : undefined;
  if (!type) return [];
  state.lastLevelAlertAt = now;
  return [type];
}

/**
 * The level a balance is at, given the level before: entering a level is immediate, leaving one needs the
 * balance `recoveryMargin` above its threshold.
 *
 * @example
 * ```ts
 * levelOf(101, "low", { warnThreshold: 100, criticalThreshold: 20, recoveryMargin: 0.1 }) // "low" (needs 110)
 * ```
 */
export function levelOf(
  balance: number,
  before: Level,
  s: Pick<MonitorSettings, "warnThreshold" | "criticalThreshold" | "recoveryMargin">,
): Level {
  const above = (threshold: number) => balance >= threshold * (1 + s.recoveryMargin);
  if (balance < s.criticalThreshold || (before === "critical" && !above(s.criticalThreshold))) return "critical";
  if (balance < s.warnThreshold || (before !== "ok" && !above(s.warnThreshold))) return "low";
  return "ok";
}

function forecastAlerts(state: AlertState, depletesAt: number | null, s: MonitorSettings, now: number): AlertType[] {
  if (s.forecastHours === 0) return [];
  const hoursLeft = depletesAt === null ? Number.POSITIVE_INFINITY : (depletesAt - now) / 3_600_000;
  if (!state.forecastAlerted && hoursLeft < s.forecastHours) {
    state.forecastAlerted = true;
    return ["credits.depletion_forecast"];
  }
  if (state.forecastAlerted && hoursLeft >= s.forecastHours * (1 + s.recoveryMargin)) state.forecastAlerted = false;
  return [];
}

/**
 * Spend that no caller of kie-edge explains, told once when it passes both figures of the limit; re-armed once an
 * interval's unexplained spend is below half the credits figure.
 */
function unattributedSpend(state: AlertState, spend: SpendObservation): AlertData["spend"] {
  const { unexplained, limit } = spend;
  if (!(unexplained > 0 && unexplained >= limit.credits && unexplained >= limit.share * spend.drop)) {
    if (unexplained < limit.credits / 2) state.unattributedAlerted = false;
    return undefined;
  }
  if (state.unattributedAlerted) return undefined;
  state.unattributedAlerted = true;
  const { since, drop, recorded, inFlight } = spend;
  return { since: new Date(since).toISOString(), drop, recorded, inFlight, unexplained };
}

function thresholds(s: MonitorSettings) {
  return { warn: s.warnThreshold, critical: s.criticalThreshold };
}
