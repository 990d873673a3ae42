import * as z from "zod/mini";

/** How long a task's row is kept: kie.ai keeps generated media 14 days and its logs 2 months. */
export const TASK_RETENTION_MS = 60 * 24 * 3_600_000;

const SCHEMA = [
  // ref: the unguessable part of the callback URL kie.ai was given. task_id: null until kie.ai answers createTask.
  `CREATE TABLE IF NOT EXISTS tasks (
    ref TEXT PRIMARY KEY, task_id TEXT UNIQUE, caller TEXT NOT NULL, model TEXT NOT NULL, callback_url TEXT,
    kie_callback TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL, record TEXT,
    completed_at INTEGER, callback_at INTEGER, next_check_at INTEGER, checks INTEGER NOT NULL DEFAULT 0)`,
  "CREATE INDEX IF NOT EXISTS tasks_due ON tasks (next_check_at) WHERE next_check_at IS NOT NULL",
  "CREATE INDEX IF NOT EXISTS tasks_by_time ON tasks (created_at)",
  "CREATE INDEX IF NOT EXISTS tasks_unanswered ON tasks (created_at) WHERE task_id IS NULL",
  "CREATE TABLE IF NOT EXISTS admissions (at INTEGER NOT NULL)",
  `CREATE TABLE IF NOT EXISTS relays (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL UNIQUE, caller TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,
    created_at INTEGER NOT NULL, outcome TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    rounds INTEGER NOT NULL DEFAULT 0, next_at INTEGER, last_error TEXT, finished_at INTEGER)`,
  "CREATE INDEX IF NOT EXISTS relays_due ON relays (next_at) WHERE outcome = 'pending'",
  "CREATE INDEX IF NOT EXISTS relays_finished ON relays (finished_at) WHERE outcome != 'pending'",
];

const TaskRow = z.object({
  ref: z.string(),
  task_id: z.nullable(z.string()),
  caller: z.string(),
  model: z.string(),
  callback_url: z.nullable(z.string()),
  kie_callback: z.string(),
  created_at: z.number(),
  state: z.string(),
  record: z.nullable(z.string()),
  completed_at: z.nullable(z.number()),
  callback_at: z.nullable(z.number()),
  next_check_at: z.nullable(z.number()),
  checks: z.number(),
});

/** A task kie-edge created: who owns it, where its outcomes go, and its final record once known. */
export type TaskRow = z.output<typeof TaskRow>;

const RelayRow = z.object({
  id: z.string(),
  task_id: z.string(),
  caller: z.string(),
  url: z.string(),
  body: z.string(),
  created_at: z.number(),
  outcome: z.enum(["pending", "delivered", "dropped"]),
  attempts: z.number(),
  rounds: z.number(),
  next_at: z.nullable(z.number()),
  last_error: z.nullable(z.string()),
  finished_at: z.nullable(z.number()),
});

/** A callback owed to a caller's own `callBackUrl`. */
export type RelayRow = z.output<typeof RelayRow>;

/** A task's count for the dashboard. */
export interface CallerTasks {
  caller: string;
  inFlight: number;
  succeeded: number;
  failed: number;
}

/**
 * The coordinator's task rows in SQLite: ownership and callback references, final records, the admission window
 * and the relays owed to callers. Knows nothing of HTTP or kie.ai; `transaction` makes multi-row writes one.
 *
 * @example
 * ```ts
 * const store = new TaskStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * store.byTaskId("task_123")?.caller
 * ```
 */
export class TaskStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    for (const statement of SCHEMA) sql.exec(statement);
  }

  /** A task about to be sent to kie.ai, under its callback reference. */
  open(row: Pick<TaskRow, "ref" | "caller" | "model" | "callback_url" | "kie_callback" | "created_at">): void {
    this.sql.exec(
      "INSERT INTO tasks (ref, caller, model, callback_url, kie_callback, created_at, state) VALUES (?, ?, ?, ?, ?, ?, 'creating')",
      row.ref,
      row.caller,
      row.model,
      row.callback_url,
      row.kie_callback,
      row.created_at,
    );
  }

  /** kie.ai accepted the task: its id, and when to look at it if no callback comes. */
  accepted(ref: string, taskId: string, checkAt: number): void {
    this.sql.exec(
      "UPDATE tasks SET task_id = ?, state = 'waiting', next_check_at = ? WHERE ref = ?",
      taskId,
      checkAt,
      ref,
    );
  }

  /**
   * A task kie.ai called back for whose createTask answer was lost (a timeout): its id, from the callback, until
   * recordInfo shows it is the task sent with this reference.
   */
  adopt(ref: string, taskId: string): void {
    this.sql.exec("UPDATE tasks SET task_id = ?, state = 'adopted' WHERE ref = ? AND task_id IS NULL", taskId, ref);
  }

  /** A task that turned out not to be ours. */
  forget(ref: string): void {
    this.sql.exec("DELETE FROM tasks WHERE ref = ?", ref);
  }

  /** A state seen by a caller's poll, for the dashboard. */
  noteState(ref: string, state: string): void {
    this.sql.exec("UPDATE tasks SET state = ? WHERE ref = ? AND record IS NULL", state, ref);
  }

  /** kie.ai refused the task: nothing of it is kept. */
  abandon(ref: string): void {
    this.sql.exec("DELETE FROM tasks WHERE ref = ? AND task_id IS NULL", ref);
  }

  byRef(ref: string): TaskRow | undefined {
    return this.#task("SELECT * FROM tasks WHERE ref = ?", ref);
  }

  byTaskId(taskId: string): TaskRow | undefined {
    return this.#task("SELECT * FROM tasks WHERE task_id = ?", taskId);
  }

  /** kie.ai says the task is done: look at it (confirm) at `at`. */
  callbackSeen(ref: string, at: number): void {
    this.sql.exec("UPDATE tasks SET callback_at = ?, next_check_at = ? WHERE ref = ? AND record IS NULL", at, at, ref);
  }

  /** A task still running when looked at: its state, and when to look again (null: stop looking). */
  running(ref: string, state: string, nextCheckAt: number | null): void {
    this.sql.exec(
      "UPDATE tasks SET state = ?, next_check_at = ?, checks = checks + 1 WHERE ref = ? AND record IS NULL",
      state,
      nextCheckAt,
      ref,
    );
  }

  /**
   * A task's final record, and the relay it owes its caller, in one transaction. Returns false when the outcome
   * was already recorded (a repeat is not relayed again).
   */
  finish(
    ref: string,
    state: string,
    record: string,
    at: number,
    relay?: { id: string; url: string; body: string },
  ): boolean {
    return this.transaction(() => {
      const row = this.byRef(ref);
      if (!row || row.record !== null || row.task_id === null) return false;
      this.sql.exec(
        "UPDATE tasks SET state = ?, record = ?, completed_at = ?, next_check_at = NULL WHERE ref = ?",
        state,
        record,
        at,
        ref,
      );
      if (relay) {
        this.sql.exec(
          "INSERT OR IGNORE INTO relays (id, task_id, caller, url, body, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          relay.id,
          row.task_id,
          row.caller,
          relay.url,
          relay.body,
          at,
          at,
        );
      }
      return true;
    });
  }

  /** Tasks whose next look is due at or before `now`. */
  dueTasks(now: number, limit = 25): TaskRow[] {
    return this.#tasks(
      "SELECT * FROM tasks WHERE next_check_at IS NOT NULL AND next_check_at <= ? AND task_id IS NOT NULL ORDER BY next_check_at LIMIT ?",
      now,
      limit,
    );
  }

  /** Relays whose next attempt is due at or before `now`. */
  dueRelays(now: number, limit = 25): RelayRow[] {
    return this.#relays(
      "SELECT * FROM relays WHERE outcome = 'pending' AND next_at <= ? ORDER BY next_at, created_at LIMIT ?",
      now,
      limit,
    );
  }

  relay(id: string): RelayRow | undefined {
    return this.#relays("SELECT * FROM relays WHERE id = ?", id)[0];
  }

  /** The relay of a task, if one is owed. */
  relayOf(taskId: string): RelayRow | undefined {
    return this.#relays("SELECT * FROM relays WHERE task_id = ?", taskId)[0];
  }

  /** A delivery round that did not get through, and when to try again. */
  relayFailed(id: string, attempts: number, error: string, nextAt: number): void {
    this.sql.exec(
      "UPDATE relays SET attempts = attempts + ?, rounds = rounds + 1, last_error = ?, next_at = ? WHERE id = ? AND outcome = 'pending'",
      attempts,
      error,
      nextAt,
      id,
    );
  }

  /** A relay's end: delivered or dropped. */
  relayDone(id: string, outcome: "delivered" | "dropped", at: number, attempts: number): void {
    this.sql.exec(
      "UPDATE relays SET outcome = ?, finished_at = ?, attempts = attempts + ?, next_at = NULL WHERE id = ?",
      outcome,
      at,
      attempts,
      id,
    );
  }

  /** The earliest time something is due (a task to look at, a relay to send), or null. */
  nextDue(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>(
        `SELECT min(at) AS at FROM (
          SELECT min(next_check_at) AS at FROM tasks WHERE next_check_at IS NOT NULL AND task_id IS NOT NULL
          UNION ALL SELECT min(next_at) FROM relays WHERE outcome = 'pending')`,
      )
      .one();
    return row.at ?? null;
  }

  /** Admission times still inside the window before `now`. */
  admissions(since: number): number[] {
    return this.sql
      .exec<{ at: number }>("SELECT at FROM admissions WHERE at >= ? ORDER BY at", since)
      .toArray()
      .map((row) => row.at);
  }

  /** One admission to kie.ai, and the pruning of those that no longer count. */
  admitted(at: number, keepSince: number): void {
    this.sql.exec("INSERT INTO admissions (at) VALUES (?)", at);
    this.sql.exec("DELETE FROM admissions WHERE at < ?", keepSince);
  }

  /** Tasks created since `since`, per caller: in flight and finished. */
  perCaller(since: number): CallerTasks[] {
    return this.sql
      .exec<{ caller: string; inFlight: number; succeeded: number; failed: number }>(
        `SELECT caller,
          sum(CASE WHEN record IS NULL THEN 1 ELSE 0 END) AS inFlight,
          sum(CASE WHEN state = 'success' THEN 1 ELSE 0 END) AS succeeded,
          sum(CASE WHEN state = 'fail' THEN 1 ELSE 0 END) AS failed
        FROM tasks WHERE task_id IS NOT NULL AND (record IS NULL OR completed_at >= ?)
        GROUP BY caller ORDER BY caller`,
        since,
      )
      .toArray()
      .map((row) => ({ ...row }));
  }

  /** Forgets tasks and relays past retention, and sends to kie.ai that never got an answer. */
  prune(now: number): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM tasks WHERE created_at < ?", now - TASK_RETENTION_MS);
      this.sql.exec("DELETE FROM tasks WHERE task_id IS NULL AND created_at < ?", now - 3_600_000);
      this.sql.exec("DELETE FROM relays WHERE outcome != 'pending' AND finished_at < ?", now - TASK_RETENTION_MS);
    });
  }

  #task(query: string, ...bindings: unknown[]): TaskRow | undefined {
    return this.#tasks(query, ...bindings)[0];
  }

  #tasks(query: string, ...bindings: unknown[]): TaskRow[] {
    return parseRows(this.sql.exec(query, ...bindings).toArray(), TaskRow);
  }

  #relays(query: string, ...bindings: unknown[]): RelayRow[] {
    return parseRows(this.sql.exec(query, ...bindings).toArray(), RelayRow);
  }
}

function parseRows<T>(rows: unknown[], schema: z.ZodMiniType<T>): T[] {
  return rows.flatMap((raw) => {
    const row = z.safeParse(schema, raw);
    return row.success ? [row.data] : [];
  });
}
