import type { Migration } from "../storage";

/**
 * The task desk's tables, version by version. Version 1 is what kie-edge kept before it carried every family
 * (Market tasks only, one relay per task); version 2 names each task's family, record kind and the stage a callback
 * claimed, lets two tasks share an id (a 4K video may keep its parent's), keeps the items follow-ups name (Suno's
 * audio ids), and owes one relay per stage.
 */
export const TASK_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    note: "Market tasks, admissions and relays",
    statements: [
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
    ],
  },
  {
    version: 2,
    note: "every family: family, kind and claimed stage per task; items; one relay per stage",
    statements: [
      `CREATE TABLE tasks_v2 (
        ref TEXT PRIMARY KEY, task_id TEXT, caller TEXT NOT NULL, family TEXT NOT NULL, kind TEXT NOT NULL,
        model TEXT NOT NULL, callback_url TEXT, kie_callback TEXT NOT NULL, created_at INTEGER NOT NULL,
        state TEXT NOT NULL, record TEXT, completed_at INTEGER, callback_at INTEGER, next_check_at INTEGER,
        checks INTEGER NOT NULL DEFAULT 0, claimed TEXT)`,
      `INSERT INTO tasks_v2 (ref, task_id, caller, family, kind, model, callback_url, kie_callback, created_at, state,
        record, completed_at, callback_at, next_check_at, checks)
        SELECT ref, task_id, caller, 'jobs', 'jobs', model, callback_url, kie_callback, created_at, state, record,
          completed_at, callback_at, next_check_at, checks FROM tasks`,
      `CREATE TABLE relays_v2 (
        id TEXT PRIMARY KEY, ref TEXT NOT NULL, task_id TEXT NOT NULL, stage TEXT NOT NULL, seq INTEGER NOT NULL,
        caller TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,
        outcome TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, rounds INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER, last_error TEXT, finished_at INTEGER, UNIQUE (ref, stage))`,
      `INSERT INTO relays_v2 (id, ref, task_id, stage, seq, caller, url, body, created_at, outcome, attempts, rounds,
        next_at, last_error, finished_at)
        SELECT r.id, coalesce(t.ref, r.task_id), r.task_id, 'final', 100, r.caller, r.url, r.body, r.created_at,
          r.outcome, r.attempts, r.rounds, r.next_at, r.last_error, r.finished_at
        FROM relays r LEFT JOIN tasks t ON t.task_id = r.task_id`,
      "DROP TABLE relays",
      "DROP TABLE tasks",
      "ALTER TABLE tasks_v2 RENAME TO tasks",
      "ALTER TABLE relays_v2 RENAME TO relays",
      "CREATE INDEX tasks_by_task_id ON tasks (task_id, created_at)",
      "CREATE INDEX tasks_due ON tasks (next_check_at) WHERE next_check_at IS NOT NULL",
      "CREATE INDEX tasks_by_time ON tasks (created_at)",
      "CREATE INDEX tasks_unanswered ON tasks (created_at) WHERE task_id IS NULL",
      "CREATE INDEX relays_due ON relays (next_at) WHERE outcome = 'pending'",
      "CREATE INDEX relays_finished ON relays (finished_at) WHERE outcome != 'pending'",
      "CREATE TABLE task_items (item TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (item, ref))",
      "CREATE INDEX task_items_by_ref ON task_items (ref)",
    ],
  },
  {
    version: 3,
    note: "admissions by time: each admission prunes the ones before the window with a seek, not a scan",
    statements: ["CREATE INDEX IF NOT EXISTS admissions_by_time ON admissions (at)"],
  },
];
