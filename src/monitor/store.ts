import { type Alert, type AlertState, INITIAL_ALERT_STATE } from "./alerts";
import type { Sample } from "./history";

/** An alert waiting for its webhook, with how it has gone so far. */
export interface PendingAlert extends Alert {
  attempts: number;
  lastError?: string;
}

/** What became of an alert, for `/monitor/status` and the dashboard. */
export interface AlertRecord {
  id: string;
  type: Alert["type"];
  createdAt: number;
  outcome: "delivered" | "dropped" | "not_sent";
  /** When it was delivered or given up on. */
  at: number;
}

/** The monitor's whole state: one KV value, so one write per run keeps history and alert state consistent. */
export interface MonitorDoc {
  v: 1;
  samples: Sample[];
  alert: AlertState;
  lastCheck: { at: number; ok: boolean; balance: number | null; error?: string } | null;
  pending: PendingAlert[];
  recent: AlertRecord[];
}

const KEY = "monitor:v1";

/** KV could not be read, so the monitor does not know its own state. */
export class MonitorStateUnavailable extends Error {
  override readonly name = "MonitorStateUnavailable";
}
/** How many alert outcomes `recent` keeps. */
export const RECENT_ALERTS = 20;

/**
 * Reads the monitor's state, or a fresh one when there is none (or it is unreadable, which is logged). A KV
 * failure throws: a check that cannot see its state must not act as if nothing had happened before.
 *
 * @example
 * ```ts
 * const doc = await loadMonitor(env.STORE)
 * ```
 */
export async function loadMonitor(kv: KVNamespace): Promise<MonitorDoc> {
  const raw = await kv.get<MonitorDoc>(KEY, "json").catch(() => {
    throw new MonitorStateUnavailable("the monitor's state could not be read from KV");
  });
  if (raw?.v === 1 && Array.isArray(raw.samples) && Array.isArray(raw.pending)) return raw;
  if (raw !== null) console.warn({ level: "warn", msg: "monitor_state_reset", reason: "unreadable state" });
  return { v: 1, samples: [], alert: { ...INITIAL_ALERT_STATE }, lastCheck: null, pending: [], recent: [] };
}

/**
 * Writes the monitor's state back: the run's only KV write.
 *
 * @example
 * ```ts
 * await saveMonitor(env.STORE, doc)
 * ```
 */
export async function saveMonitor(kv: KVNamespace, doc: MonitorDoc): Promise<void> {
  doc.recent = doc.recent.slice(-RECENT_ALERTS);
  await kv.put(KEY, JSON.stringify(doc));
}
