export { type AlertState, evaluate, INITIAL_ALERT_STATE, levelOf, type Observation } from "./alerts";
export { runCheck, runManualCheck } from "./check";
export { type Forecast, forecast } from "./forecast";
export { appendSample, HISTORY_SECONDS, type Sample, samplesSince } from "./history";
export { ALERT_TYPES, type Alert, type AlertType, LEVELS, type Level } from "./model";
export { CheckReport, MonitorStatus } from "./report";
export { monitorStatus } from "./status";
export { loadMonitor, type MonitorDoc, MonitorStateUnavailable } from "./store";
