export {
  type AlertState,
  evaluate,
  INITIAL_ALERT_STATE,
  levelOf,
  type Observation,
  type SpendFigures,
  type SpendObservation,
  spendFigures,
} from "./alerts";
export { type CheckSettings, flushPending, lastReport, raise, runCheck } from "./check";
export type { MonitorCoordinator } from "./coordination";
export { type Forecast, forecast } from "./forecast";
export { HISTORY_SECONDS, type Sample, samplesSince } from "./history";
export { ALERT_TYPES, type Alert, type AlertType, BudgetFigures, LEVELS, type Level } from "./model";
export { CheckReport, MonitorStatus } from "./report";
export { MonitorStore, type QueuedAlert, RECENT_ALERTS } from "./sql-store";
export { monitorStatus } from "./status";
export {
  LEGACY_KEY,
  loadMonitor,
  type MonitorDoc,
  MonitorStateUnavailable,
  readMonitor,
  STATE_UNAVAILABLE,
} from "./store";
