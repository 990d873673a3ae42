import * as z from "zod/mini";
import { migrate, parseRows } from "../storage";
import { TASK_MIGRATIONS } from "./schema";

/** How long a task's row is kept: kie.ai keeps generated media 14 days and its logs 2 months. */
export const TASK_RETENTION_MS = 60 * 24 * 3_600_000;

const TaskRow = z.object({
  ref: z.string(),
  task_id: z.nullable(z.string()),
  caller: z.string(),
  family: z.string(),
  kind: z.string(),
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
  claimed: z.nullable(z.string()),
});

/** A task kie-edge created: who owns it, its family, where its outcomes go, and its final record once known. */
export type TaskRow = z.output<typeof TaskRow>;

const RelayRow = z.object({
  id: z.string(),
  ref: z.string(),
  task_id: z.string(),
  stage: z.string(),
  seq: z.number(),
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

/** A callback owed to a caller's own `callBackUrl`: one per stage of a task, sent in `seq` order. */
export type RelayRow = z.output<typeof RelayRow>;

/** A relay to owe: its stage, its place among the task's relays, and its body. */
export interface NewRelay {
  id: string;
  stage: string;
  seq: number;
  url: string;
  body: string;
}

/** A task's counts for the dashboard, per caller and family. */
export interface CallerTasks {
  caller: string;
  family: string;
  inFlight: number;
  succeeded: number;
  failed: number;
}

/**
 * The coordinator's task rows in SQLite: ownership, family and callback references, final records, the items
 * follow-ups may name, the admission window and the relays owed to callers. Knows nothing of HTTP or kie.ai;
 * `transaction` makes multi-row writes one.
 *
 * @example
 * ```ts
 * const store = new TaskStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * store.byTaskId("task_123")?.caller
 * ```
 */
export class TaskStore {
  #prunedAt = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    migrate(sql, transaction, "tasks", TASK_MIGRATIONS);
  }

  /** A task about to be sent to kie.ai, under its callback reference. */
  open(
    row: Pick<TaskRow, "ref" | "caller" | "family" | "kind" | "model" | "callback_url" | "kie_callback" | "created_at">,
  ): void {
    this.sql.exec(
      "INSERT INTO tasks (ref, caller, family, kind, model, callback_url, kie_callback, created_at, state) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'creating')",
      row.ref,
      row.caller,
      row.family,
      row.kind,
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
   * A task kie.ai called back for whose create answer was lost (a timeout): its id, from the callback, until its
   * record shows it is the task sent with this reference.
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
    return this.#tasks("SELECT * FROM tasks WHERE ref = ?", ref)[0];
  }

  /** The newest task with this id (a 4K video may share its parent's id). */
  byTaskId(taskId: string): TaskRow | undefined {
    return this.#tasks("SELECT * FROM tasks WHERE task_id = ? ORDER BY created_at DESC LIMIT 1", taskId)[0];
  }

  /** Some task has this id already. */
  hasTaskId(taskId: string): boolean {
    return this.sql.exec("SELECT 1 FROM tasks WHERE task_id = ? LIMIT 1", taskId).toArray().length > 0;
  }

  /** The newest finished task whose result has this item (a Suno audio id). */
  byItem(item: string): TaskRow | undefined {
    return this.#tasks(
      "SELECT t.* FROM task_items i JOIN tasks t ON t.ref = i.ref WHERE i.item = ? " +
        "ORDER BY t.created_at DESC LIMIT 1",
      item,
    )[0];
  }

  /**
   * A callback for the task came, claiming `claimed` (a stage, or `final`): noted among the task's claims (a
   * comma-separated set), and the task looked at (confirmed) at `at`.
   */
  callbackSeen(ref: string, at: number, claimed: string): void {
    this.sql.exec(
      // Lines joined with +: the bundle keeps one literal, without the indentation a multi-line one carries.
      "UPDATE tasks SET callback_at = ?, next_check_at = ?, claimed = CASE " +
        "WHEN claimed IS NULL THEN ? " +
        "WHEN instr(',' || claimed || ',', ',' || ? || ',') > 0 THEN claimed " +
        "ELSE claimed || ',' || ? END " +
        "WHERE ref = ? AND record IS NULL",
      at,
      at,
      claimed,
      claimed,
      claimed,
      ref,
    );
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

  /** The stages already owed to (or sent to) the task's caller. */
  relayedStages(ref: string): Set<string> {
    const rows = this.sql.exec<{ stage: string }>("SELECT stage FROM relays WHERE ref = ?", ref).toArray();
    return new Set(rows.map((row) => row.stage));
  }

  /** Relays owed for partial stages the record showed; a stage owed once already is not owed again. */
  owe(ref: string, relays: readonly NewRelay[], at: number): string[] {
    return this.transaction(() => {
      const row = this.byRef(ref);
      if (!row?.task_id) return [];
      return relays.filter((relay) => this.#insertRelay(row, relay, at));
    }).map((relay) => relay.id);
  }

  /**
   * A task's final record, the items its result names, and the relays it owes its caller, in one transaction.
   * Returns the ids of the relays it added, or null when the outcome was already recorded (a repeat is not
   * relayed again).
   */
  finish(
    ref: string,
    state: string,
    record: string,
    at: number,
    items: readonly string[],
    relays: readonly NewRelay[],
  ): string[] | null {
    return this.transaction(() => {
      const row = this.byRef(ref);
      if (!row || row.record !== null || row.task_id === null) return null;
      this.sql.exec(
        "UPDATE tasks SET state = ?, record = ?, completed_at = ?, next_check_at = NULL WHERE ref = ?",
        state,
        record,
        at,
        ref,
      );
      for (const item of items) this.sql.exec("INSERT OR IGNORE INTO task_items (item, ref) VALUES (?, ?)", item, ref);
      return relays.filter((relay) => this.#insertRelay(row, relay, at)).map((relay) => relay.id);
    });
  }

  #insertRelay(row: TaskRow, relay: NewRelay, at: number): boolean {
    return (
      this.sql.exec(
        "INSERT OR IGNORE INTO relays (id, ref, task_id, stage, seq, caller, url, body, created_at, next_at) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        relay.id,
        row.ref,
        row.task_id,
        relay.stage,
        relay.seq,
        row.caller,
        relay.url,
        relay.body,
        at,
        at,
      ).rowsWritten > 0
    );
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
      "SELECT * FROM relays WHERE outcome = 'pending' AND next_at <= ? ORDER BY next_at, created_at, seq LIMIT ?",
      now,
      limit,
    );
  }

  relay(id: string): RelayRow | undefined {
    return this.#relays("SELECT * FROM relays WHERE id = ?", id)[0];
  }

  /** The first relay of the task still owed: relays of one task go out in stage order. */
  firstPending(ref: string): RelayRow | undefined {
    return this.#relays("SELECT * FROM relays WHERE ref = ? AND outcome = 'pending' ORDER BY seq LIMIT 1", ref)[0];
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
        "SELECT min(at) AS at FROM ( " +
          "SELECT min(next_check_at) AS at FROM tasks WHERE next_check_at IS NOT NULL AND task_id IS NOT NULL " +
          "UNION ALL SELECT min(next_at) FROM relays WHERE outcome = 'pending')",
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

  /**
   * One admission to kie.ai, and the pruning of those that no longer count — at most once a window: the rows
   * before `keepSince` are harmless (reads ask by time), and a delete per admission is not free.
   */
  admitted(at: number, keepSince: number): void {
    this.sql.exec("INSERT INTO admissions (at) VALUES (?)", at);
    if (keepSince < this.#prunedAt) return;
    this.sql.exec("DELETE FROM admissions WHERE at < ?", keepSince);
    this.#prunedAt = at;
  }

  /** Tasks created since `since`, per caller and family: in flight and finished. */
  perCaller(since: number): CallerTasks[] {
    return this.sql
      .exec<{ caller: string; family: string; inFlight: number; succeeded: number; failed: number }>(
        "SELECT caller, family, " +
          "sum(CASE WHEN record IS NULL THEN 1 ELSE 0 END) AS inFlight, " +
          "sum(CASE WHEN state = 'success' THEN 1 ELSE 0 END) AS succeeded, " +
          "sum(CASE WHEN state = 'fail' THEN 1 ELSE 0 END) AS failed " +
          "FROM tasks WHERE task_id IS NOT NULL AND (record IS NULL OR completed_at >= ?) " +
          "GROUP BY caller, family ORDER BY caller, family",
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
      this.sql.exec("DELETE FROM task_items WHERE ref NOT IN (SELECT ref FROM tasks)");
      this.sql.exec("DELETE FROM relays WHERE outcome != 'pending' AND finished_at < ?", now - TASK_RETENTION_MS);
    });
  }

  #tasks(query: string, ...bindings: unknown[]): TaskRow[] {
    return parseRows(this.sql.exec(query, ...bindings).toArray(), TaskRow, "tasks");
  }

  #relays(query: string, ...bindings: unknown[]): RelayRow[] {
    return parseRows(this.sql.exec(query, ...bindings).toArray(), RelayRow, "relays");
  }
}
