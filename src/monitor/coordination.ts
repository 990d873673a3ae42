import type { Config } from "../config";
import type { CheckSettings } from "./check";
import type { CheckReport, MonitorStatus } from "./report";

/** What the monitor's owner is sent with each call: the settings the calling Worker runs with. */
export interface CoordinatorSettings extends CheckSettings {
  kie: { baseUrl: string; apiKey: string; secrets: string[]; upstream: Config["upstream"] };
}

/** The monitor as its owner (the account coordinator, a Durable Object) answers for it. */
export interface MonitorCoordinator {
  /** A credit check at `now`; `manual` checks honour `MONITOR_CHECK_MIN_INTERVAL_S`. */
  check(settings: CoordinatorSettings, now: number, manual: boolean): Promise<CheckReport>;
  status(settings: CoordinatorSettings, now: number): Promise<MonitorStatus>;
  history(sinceMs: number): Promise<{ at: string; balance: number }[]>;
}
