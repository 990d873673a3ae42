import { migrate } from "../storage";

/**
 * When each part of the coordinator next needs its alarm (a Durable Object has one): kept in SQLite so the soonest
 * is known after a restart too, and mirrored in memory (read once) since every create asks and few change it.
 * Parts set their own time; the object sets its alarm for the soonest.
 *
 * @example
 * ```ts
 * const wakeups = new Wakeups(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * wakeups.set("tasks", Date.now() + 60_000)
 * await ctx.storage.setAlarm(wakeups.soonest() ?? Date.now())
 * ```
 */
export class Wakeups {
  readonly #at: Map<string, number>;

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
    const rows = sql.exec<{ part: string; at: number }>("SELECT part, at FROM wakeups").toArray();
    this.#at = new Map(rows.map((row) => [row.part, row.at]));
  }

  get(part: string): number | null {
    return this.#at.get(part) ?? null;
  }

  /** The part's next time, or null when it needs none. */
  set(part: string, at: number | null): void {
    if (this.get(part) === at) return;
    if (at === null) {
      this.#at.delete(part);
      this.sql.exec("DELETE FROM wakeups WHERE part = ?", part);
    } else {
      this.#at.set(part, at);
      this.sql.exec("INSERT OR REPLACE INTO wakeups (part, at) VALUES (?, ?)", part, at);
    }
  }

  soonest(): number | null {
    return this.#at.size > 0 ? Math.min(...this.#at.values()) : null;
  }
}
