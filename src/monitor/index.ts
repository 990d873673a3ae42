export { ALERT_TYPES, type Alert, type AlertType, evaluate, LEVELS, type Level, levelOf } from "./alerts";
export { type CheckReport, runCheck, runManualCheck } from "./check";
export { type Forecast, forecast } from "./forecast";
export { appendSample, HISTORY_SECONDS, type Sample, samplesSince } from "./history";
export { monitorStatus } from "./status";
export { loadMonitor, type MonitorDoc, MonitorStateUnavailable } from "./store";
