import type { CheckReport, MonitorStatus } from "./report";

/**
 * The monitor as its owner (the account coordinator, a Durable Object) answers for it. The owner runs with its own
 * settings, read from its own environment: nothing secret crosses the call.
 */
export interface MonitorCoordinator {
  /** A credit check at `now`; `manual` checks honour `MONITOR_CHECK_MIN_INTERVAL_S`. */
  check(now: number, manual: boolean): Promise<CheckReport>;
  status(now: number): Promise<MonitorStatus>;
  history(sinceMs: number): Promise<{ at: string; balance: number }[]>;
}
