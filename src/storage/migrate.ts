/** One step of a store's schema: applied once, in order, in one transaction with its version. */
export interface Migration {
  version: number;
  /** What the step does, for the log line it writes. */
  note: string;
  statements: readonly string[];
}

/**
 * Brings a store's tables in a Durable Object's SQLite to the newest version: each migration newer than the
 * recorded one runs in its own transaction, with its version written in the same step, so a step either happened
 * or did not. Version 1 of every store is written with `IF NOT EXISTS`, so a database made before versions were
 * recorded takes it as the state it is already in.
 *
 * @example
 * ```ts
 * migrate(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn), "tasks", TASK_MIGRATIONS)
 * ```
 */
export function migrate(
  sql: SqlStorage,
  transaction: <T>(fn: () => T) => T,
  store: string,
  migrations: readonly Migration[],
): number {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_versions (store TEXT PRIMARY KEY, version INTEGER NOT NULL, at INTEGER)");
  const row = sql.exec<{ version: number }>("SELECT version FROM schema_versions WHERE store = ?", store).toArray()[0];
  let current = row?.version ?? 0;
  // A database made before versions were recorded has the first version's tables already: migrating it is news.
  const existed = current > 0 || tableExists(sql, migrations[0]?.statements[0]);
  for (const step of migrations) {
    if (step.version <= current) continue;
    transaction(() => {
      for (const statement of step.statements) sql.exec(statement);
      sql.exec(
        "INSERT INTO schema_versions (store, version, at) VALUES (?, ?, ?) ON CONFLICT (store) DO UPDATE SET version = excluded.version, at = excluded.at",
        store,
        step.version,
        Date.now(),
      );
    });
    if (existed) console.log({ level: "info", msg: "schema_migrated", store, version: step.version, note: step.note });
    current = step.version;
  }
  return current;
}

function tableExists(sql: SqlStorage, statement: string | undefined): boolean {
  const name = /CREATE TABLE IF NOT EXISTS (\w+)/.exec(statement ?? "")?.[1];
  if (!name) return false;
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;
}
