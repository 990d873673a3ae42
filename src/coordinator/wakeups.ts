import { migrate } from "../storage";

/**
 * When each part of the coordinator next needs its alarm (a Durable Object has one): kept in SQLite so the soonest
 * is known after a restart too. Parts set their own time; the object sets its alarm for the soonest.
 *
 * @example
 * ```ts
 * const wakeups = new Wakeups(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * wakeups.set("tasks", Date.now() + 60_000)
 * await ctx.storage.setAlarm(wakeups.soonest() ?? Date.now())
 * ```
 */
export class Wakeups {
  constructor(
    private readonly sql: SqlStorage,
    transaction: <T>(fn: () => T) => T,
  ) {
    migrate(sql, transaction, "wakeups", [
      {
        version: 1,
        note: "each part's next time",
        statements: ["CREATE TABLE IF NOT EXISTS wakeups (part TEXT PRIMARY KEY, at INTEGER NOT NULL)"],
      },
    ]);
  }

  get(part: string): number | null {
    const row = this.sql.exec<{ at: number }>("SELECT at FROM wakeups WHERE part = ?", part).toArray()[0];
    return row?.at ?? null;
  }

  /** The part's next time, or null when it needs none. */
  set(part: string, at: number | null): void {
    if (at === null) this.sql.exec("DELETE FROM wakeups WHERE part = ?", part);
    else this.sql.exec("INSERT OR REPLACE INTO wakeups (part, at) VALUES (?, ?)", part, at);
  }

  soonest(): number | null {
    return this.sql.exec<{ at: number | null }>("SELECT min(at) AS at FROM wakeups").one().at ?? null;
  }
}
