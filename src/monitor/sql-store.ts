import * as z from "zod/mini";
import { type Migration, migrate, parseRows } from "../storage";
import { INITIAL_ALERT_STATE } from "./alerts";
import { HISTORY_SECONDS } from "./history";
import {
  type Alert,
  AlertData,
  type AlertRecord,
  AlertState,
  AlertType,
  LastCheck,
  OUTCOMES,
  type PendingAlert,
  type Sample,
} from "./model";
import type { MonitorDoc } from "./store";

/** How many finished alerts the store keeps for `/monitor/status` and the dashboard. */
export const RECENT_ALERTS = 20;

/** The monitor's tables, version by version. */
const MONITOR_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    note: "samples, state and alerts",
    statements: [
      // Epoch seconds; two checks in one second are two samples, as they always were.
      "CREATE TABLE IF NOT EXISTS samples (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, balance REAL NOT NULL)",
      "CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at)",
      "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      `CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, created_at INTEGER NOT NULL, data TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, rounds INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, finished_at INTEGER)`,
      "CREATE INDEX IF NOT EXISTS alerts_by_outcome ON alerts (outcome, created_at)",
    ],
  },
];

const Row = z.object({
  id: z.string(),
  type: AlertType,
  created_at: z.number(),
  data: z.string(),
  outcome: z.enum(["pending", ...OUTCOMES]),
  attempts: z.number(),
  rounds: z.number(),
  last_error: z.nullable(z.string()),
  finished_at: z.nullable(z.number()),
});
type Row = z.output<typeof Row>;

/** A pending alert with the delivery rounds it has been through (for the redelivery backoff). */
export type QueuedAlert = PendingAlert & { rounds: number };

/** What one check writes, in one transaction. */
export interface CheckRecord {
  sample?: Sample;
  alert: AlertState;
  lastCheck: LastCheck;
  /** New alerts to deliver, or to record as not sent when no webhook is set. */
  alerts: Alert[];
  queue: boolean;
  now: number;
}

/**
 * The credit monitor's state as rows in a Durable Object's SQLite: samples (7 days, pruned as they are written),
 * the alert state and last check (validated with zod when read), and every alert with its outcome. Knows nothing
 * of HTTP or of the Durable Object around it; `transaction` makes a check's writes one.
 *
 * @example
 * ```ts
 * const store = new MonitorStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * store.samplesSince(Date.now() - 24 * 3_600_000)
 * ```
 */
export class MonitorStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    migrate(sql, transaction, "monitor", MONITOR_MIGRATIONS);
  }

  /** The alert state and the last check; what is missing or unreadable reads as the initial state. */
  state(): { alert: AlertState; lastCheck: LastCheck | null } {
    const alert = z.safeParse(AlertState, this.#json("alert"));
    const lastCheck = z.safeParse(LastCheck, this.#json("lastCheck"));
    return {
      alert: alert.success ? alert.data : { ...INITIAL_ALERT_STATE },
      lastCheck: lastCheck.success ? lastCheck.data : null,
    };
  }

  /** The samples taken at or after `sinceMs`, oldest first. */
  samplesSince(sinceMs: number): Sample[] {
    return this.sql
      .exec<{ at: number; balance: number }>(
        "SELECT at, balance FROM samples WHERE at >= ? ORDER BY at, id",
        sinceMs / 1000,
      )
      .toArray()
      .map((row): Sample => [row.at, row.balance]);
  }

  /** The latest sample. */
  lastSample(): Sample | undefined {
    const row = this.sql
      .exec<{ at: number; balance: number }>("SELECT at, balance FROM samples ORDER BY at DESC, id DESC LIMIT 1")
      .toArray()[0];
    return row ? [row.at, row.balance] : undefined;
  }

  /** How many samples are kept. */
  sampleCount(): number {
    return Number(this.sql.exec("SELECT count(*) AS n FROM samples").one().n);
  }

  /** A check's outcome, in one transaction: the sample (and the pruning of samples past 7 days), the state, the alerts. */
  record(check: CheckRecord): void {
    this.transaction(() => {
      if (check.sample) {
        this.sql.exec("INSERT INTO samples (at, balance) VALUES (?, ?)", ...check.sample);
        this.sql.exec("DELETE FROM samples WHERE at < ?", Math.floor(check.now / 1000) - HISTORY_SECONDS);
      }
      this.#setJson("alert", check.alert);
      this.#setJson("lastCheck", check.lastCheck);
      for (const alert of check.alerts) this.#insert(alert, check.queue, check.now);
      this.#trim();
    });
  }

  /** Alerts raised outside a check (a caller's budget): queued for the webhook, or recorded as not sent. */
  add(alerts: Alert[], queue: boolean, now: number): void {
    this.transaction(() => {
      for (const alert of alerts) this.#insert(alert, queue, now);
      this.#trim();
    });
  }

  /** Alerts waiting for the webhook, oldest first (order is kept on delivery). */
  pending(): QueuedAlert[] {
    return this.#rows("SELECT * FROM alerts WHERE outcome = 'pending' ORDER BY created_at, rowid").flatMap((row) => {
      const data = z.safeParse(AlertData, parse(row.data));
      if (!data.success) {
        console.error({ level: "error", msg: "stored_row_invalid", table: "alerts", field: "data", id: row.id });
        return [];
      }
      const alert: QueuedAlert = {
        id: row.id,
        type: row.type,
        createdAt: row.created_at,
        data: data.data,
        attempts: row.attempts,
        rounds: row.rounds,
      };
      if (row.last_error !== null) alert.lastError = row.last_error;
      return [alert];
    });
  }

  /** A delivery round that did not get through: its attempts and the last error. */
  failed(id: string, attempts: number, error: string): void {
    this.sql.exec(
      "UPDATE alerts SET attempts = attempts + ?, rounds = rounds + 1, last_error = ? WHERE id = ?",
      attempts,
      error,
      id,
    );
  }

  /** An alert's end: delivered or dropped. */
  finish(id: string, outcome: "delivered" | "dropped", at: number, attempts = 0): void {
    this.transaction(() => {
      this.sql.exec(
        "UPDATE alerts SET outcome = ?, finished_at = ?, attempts = attempts + ? WHERE id = ?",
        outcome,
        at,
        attempts,
        id,
      );
      this.#trim();
    });
  }

  /** The last finished alerts (delivered, dropped, not sent), oldest first. */
  recent(): AlertRecord[] {
    return this.#rows(
      "SELECT * FROM (SELECT rowid AS r, * FROM alerts WHERE outcome != 'pending' ORDER BY finished_at DESC, r DESC LIMIT ?) ORDER BY finished_at, r",
      RECENT_ALERTS,
    ).map((row) => ({
      id: row.id,
      type: row.type,
      createdAt: row.created_at,
      outcome: row.outcome as AlertRecord["outcome"],
      at: row.finished_at ?? row.created_at,
    }));
  }

  /** Whether the state kept in KV before the coordinator was read in (it is, once). */
  imported(): boolean {
    return this.#json("imported") !== undefined;
  }

  /** Takes over the KV document of earlier versions, pending alerts with their ids, in one transaction. */
  importDoc(doc: MonitorDoc, at: number): void {
    this.transaction(() => {
      for (const [t, balance] of doc.samples) {
        this.sql.exec("INSERT INTO samples (at, balance) VALUES (?, ?)", t, balance);
      }
      this.#setJson("alert", doc.alert);
      if (doc.lastCheck) this.#setJson("lastCheck", doc.lastCheck);
      for (const alert of doc.pending) {
        this.sql.exec(
          "INSERT OR IGNORE INTO alerts (id, type, created_at, data, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?)",
          alert.id,
          alert.type,
          alert.createdAt,
          JSON.stringify(alert.data),
          alert.attempts,
          alert.lastError ?? null,
        );
      }
      for (const record of doc.recent) {
        this.sql.exec(
          "INSERT OR IGNORE INTO alerts (id, type, created_at, data, outcome, finished_at) VALUES (?, ?, ?, '{}', ?, ?)",
          record.id,
          record.type,
          record.createdAt,
          record.outcome,
          record.at,
        );
      }
      this.#setJson("imported", at);
    });
  }

  #trim(): void {
    this.sql.exec(
      "DELETE FROM alerts WHERE outcome != 'pending' AND rowid NOT IN (SELECT rowid FROM alerts WHERE outcome != 'pending' ORDER BY finished_at DESC, rowid DESC LIMIT ?)",
      RECENT_ALERTS,
    );
  }

  #rows(query: string, ...bindings: unknown[]): Row[] {
    return parseRows(this.sql.exec(query, ...bindings).toArray(), Row, "alerts");
  }

  #json(key: string): unknown {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE key = ?", key).toArray()[0];
    return row ? parse(row.value) : undefined;
  }

  #setJson(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  #insert(alert: Alert, queue: boolean, now: number): void {
    this.sql.exec(
      "INSERT INTO alerts (id, type, created_at, data, outcome, finished_at) VALUES (?, ?, ?, ?, ?, ?)",
      alert.id,
      alert.type,
      alert.createdAt,
      JSON.stringify(alert.data),
      queue ? "pending" : "not_sent",
      queue ? null : now,
    );
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
