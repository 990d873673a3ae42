import * as z from "zod/mini";
import { INITIAL_ALERT_STATE } from "./alerts";
import { AlertRecord, AlertState, LastCheck, PendingAlert, Sample } from "./model";

/** The monitor's whole state as versions before the coordinator kept it: one KV value, read once, to import. */
export interface MonitorDoc {
  v: 1;
  samples: Sample[];
  alert: AlertState;
  lastCheck: LastCheck | null;
  pending: PendingAlert[];
  recent: AlertRecord[];
}

/** Where earlier versions kept the monitor's state in KV. */
export const LEGACY_KEY = "monitor:v1";

/** How the error below begins: it crosses RPC as a message. */
export const STATE_UNAVAILABLE = "the monitor's state could not be read";

/** KV could not be read, so the monitor does not know its own state. */
export class MonitorStateUnavailable extends Error {
  override readonly name = "MonitorStateUnavailable";
}

/**
 * Reads the monitor's state as earlier versions kept it in KV, or a fresh one when there is none. A stored document of an older shape or with
 * damaged parts is repaired field by field (what is valid is kept; the repair is logged), one that is not the
 * monitor's at all is replaced (logged). A KV failure throws: a check that cannot see its state must not act as if
 * nothing had happened before.
 *
 * @example
 * ```ts
 * const doc = await loadMonitor(env.STORE) // once, to import it into the coordinator
 * ```
 */
export async function loadMonitor(kv: KVNamespace): Promise<MonitorDoc> {
  const raw = await kv.get(LEGACY_KEY, "json").catch(() => {
    throw new MonitorStateUnavailable(`${STATE_UNAVAILABLE} from KV`);
  });
  const { doc, repaired } = readMonitor(raw);
  if (repaired === "all" && raw !== null) {
    console.warn({ level: "warn", msg: "monitor_state_reset", reason: "not the monitor's state" });
  } else if (Array.isArray(repaired) && repaired.length > 0) {
    console.warn({ level: "warn", msg: "monitor_state_repaired", fields: repaired });
  }
  return doc;
}

/**
 * Validates a stored document: each field that fails its schema falls back to its initial value, and damaged
 * entries of a list are dropped while the rest are kept. `repaired` names the fields that were not whole, or is
 * `"all"` when the document was not the monitor's (or absent).
 */
export function readMonitor(raw: unknown): { doc: MonitorDoc; repaired: string[] | "all" } {
  const fresh: MonitorDoc = {
    v: 1,
    samples: [],
    alert: { ...INITIAL_ALERT_STATE },
    lastCheck: null,
    pending: [],
    recent: [],
  };
  if (typeof raw !== "object" || raw === null || (raw as { v?: unknown }).v !== 1)
    return { doc: fresh, repaired: "all" };
  const stored = raw as Record<string, unknown>;
  const repaired: string[] = [];
  const read = <T>(name: keyof MonitorDoc, schema: z.ZodMiniType<T>, fallback: T): T => {
    const out = z.safeParse(schema, stored[name]);
    if (out.success) return out.data;
    repaired.push(name);
    return fallback;
  };
  const list = <T>(name: keyof MonitorDoc, item: z.ZodMiniType<T>): T[] => {
    const entries = Array.isArray(stored[name]) ? (stored[name] as unknown[]) : undefined;
    const kept = (entries ?? []).flatMap((entry) => {
      const out = z.safeParse(item, entry);
      return out.success ? [out.data] : [];
    });
    if (!entries || kept.length < entries.length) repaired.push(name);
    return kept;
  };
  const doc: MonitorDoc = {
    v: 1,
    samples: list("samples", Sample),
    alert: read("alert", AlertState, fresh.alert),
    lastCheck: read("lastCheck", z.nullable(LastCheck), null),
    pending: list("pending", PendingAlert),
    recent: list("recent", AlertRecord),
  };
  return { doc, repaired };
}
