// The coordinator's tables as kie-edge made them before its schema was versioned (Market tasks only, one relay per
// task, no family on ledger rows): what a deployment upgrading from then has on disk.
export const SCHEMA_V1 = [
  `CREATE TABLE tasks (
    ref TEXT PRIMARY KEY, task_id TEXT UNIQUE, caller TEXT NOT NULL, model TEXT NOT NULL, callback_url TEXT,
    kie_callback TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL, record TEXT,
    completed_at INTEGER, callback_at INTEGER, next_check_at INTEGER, checks INTEGER NOT NULL DEFAULT 0)`,
  "CREATE INDEX tasks_due ON tasks (next_check_at) WHERE next_check_at IS NOT NULL",
  "CREATE INDEX tasks_by_time ON tasks (created_at)",
  "CREATE INDEX tasks_unanswered ON tasks (created_at) WHERE task_id IS NULL",
  "CREATE TABLE admissions (at INTEGER NOT NULL)",
  `CREATE TABLE relays (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL UNIQUE, caller TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,
    created_at INTEGER NOT NULL, outcome TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    rounds INTEGER NOT NULL DEFAULT 0, next_at INTEGER, last_error TEXT, finished_at INTEGER)`,
  "CREATE INDEX relays_due ON relays (next_at) WHERE outcome = 'pending'",
  "CREATE INDEX relays_finished ON relays (finished_at) WHERE outcome != 'pending'",
  `CREATE TABLE ledger (
    ref TEXT PRIMARY KEY, task_id TEXT, caller TEXT NOT NULL, model TEXT NOT NULL, created_at INTEGER NOT NULL,
    state TEXT NOT NULL, completed_at INTEGER, reserved REAL NOT NULL DEFAULT 0, credits REAL, source TEXT)`,
  "CREATE INDEX ledger_by_time ON ledger (created_at)",
  "CREATE INDEX ledger_by_caller ON ledger (caller, created_at, state, credits, reserved)",
  "CREATE INDEX ledger_by_completion ON ledger (completed_at) WHERE completed_at IS NOT NULL",
  "CREATE INDEX ledger_by_model ON ledger (model, completed_at) WHERE source = 'reported'",
  "CREATE INDEX ledger_open ON ledger (state) WHERE state IN ('reserved', 'running')",
  `CREATE TABLE budget_alerts (
    caller TEXT NOT NULL, period TEXT NOT NULL, key TEXT NOT NULL, level TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (caller, period, key, level))`,
  `CREATE TABLE spend_checks (
    at INTEGER NOT NULL, drop_ REAL NOT NULL, recorded REAL NOT NULL, in_flight REAL NOT NULL, unexplained REAL NOT NULL)`,
  "CREATE TABLE samples (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, balance REAL NOT NULL)",
  "CREATE INDEX samples_by_time ON samples (at)",
  "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  `CREATE TABLE alerts (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, created_at INTEGER NOT NULL, data TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, rounds INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, finished_at INTEGER)`,
  "CREATE TABLE wakeups (part TEXT PRIMARY KEY, at INTEGER NOT NULL)",
];
