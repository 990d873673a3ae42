import type { Budget, ModelPrices } from "../config";
import { Lru, type Migration, migrate } from "../storage";
import { type CreditSource, estimateOf } from "./estimate";
import { PERIODS, type Period, periodOf } from "./periods";

/** Ledger rows are kept this long (the 400 days: a year and its comparison month). */
export const LEDGER_RETENTION_MS = 400 * 86_400_000;
/** A send whose answer was lost keeps its reservation this long, as the task row waits for its callback. */
const UNANSWERED_MS = 3_600_000;
/** How far back a model's reported costs make its average. */
const AVERAGE_WINDOW_MS = 30 * 86_400_000;
/** Spend that reaches this share of a budget raises `budget.threshold`. */
export const THRESHOLD_SHARE = 0.8;
/** Rounding slack for fractional credits. */
const EPSILON = 1e-9;

/** Credits as people read them: to the hundredth. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The ledger's tables, version by version: version 2 names each row's family. */
const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    note: "ledger rows, budget alerts and the checks' spend figures",
    statements: [
      // state: reserved (sent, no task id yet), running (kie.ai made it), success, fail.
      `CREATE TABLE IF NOT EXISTS ledger (
    ref TEXT PRIMARY KEY, task_id TEXT, caller TEXT NOT NULL, model TEXT NOT NULL, created_at INTEGER NOT NULL,
    state TEXT NOT NULL, completed_at INTEGER, reserved REAL NOT NULL DEFAULT 0, credits REAL, source TEXT)`,
      "CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger (created_at)",
      // Covers a caller's budget sums, asked twice for every task: no table lookups.
      "CREATE INDEX IF NOT EXISTS ledger_by_caller ON ledger (caller, created_at, state, credits, reserved)",
      "CREATE INDEX IF NOT EXISTS ledger_by_completion ON ledger (completed_at) WHERE completed_at IS NOT NULL",
      "CREATE INDEX IF NOT EXISTS ledger_by_model ON ledger (model, completed_at) WHERE source = 'reported'",
      "CREATE INDEX IF NOT EXISTS ledger_open ON ledger (state) WHERE state IN ('reserved', 'running')",
      `CREATE TABLE IF NOT EXISTS budget_alerts (
    caller TEXT NOT NULL, period TEXT NOT NULL, key TEXT NOT NULL, level TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (caller, period, key, level))`,
      "CREATE INDEX IF NOT EXISTS budget_alerts_by_time ON budget_alerts (at)",
      // Each credit check's figures: how much of the balance's drop no caller explained.
      `CREATE TABLE IF NOT EXISTS spend_checks (
    at INTEGER NOT NULL, drop_ REAL NOT NULL, recorded REAL NOT NULL, in_flight REAL NOT NULL, unexplained REAL NOT NULL)`,
      "CREATE INDEX IF NOT EXISTS spend_checks_by_time ON spend_checks (at)",
    ],
  },
  {
    version: 2,
    note: "every family: a family per row",
    statements: [
      "ALTER TABLE ledger ADD COLUMN family TEXT NOT NULL DEFAULT 'jobs'",
      "CREATE INDEX ledger_by_family ON ledger (family, created_at)",
    ],
  },
  {
    version: 3,
    note: "the budgets each task was held against, for the alerts its outcome may raise",
    statements: ["ALTER TABLE ledger ADD COLUMN budget TEXT"],
  },
];

/** Where one caller stands against one budget. */
export interface BudgetUse {
  period: Period;
  /** `2026-11-25` or `2026-11` (UTC). */
  key: string;
  limit: number;
  /** Credits of finished tasks created in the period. */
  spent: number;
  /** Estimates held for tasks not finished yet. */
  reserved: number;
  left: number;
  /** When the period ends (epoch ms). */
  resetsAt: number;
}

/** A createTask the budget refused: which budget, and the figures. */
export interface BudgetRefusal {
  use: BudgetUse;
  /** What the refused task was expected to cost (null: unknown). */
  estimate: number | null;
}

/** A budget alert to raise: a caller passed 80 % or 100 % of a budget. */
export interface BudgetCrossing {
  caller: string;
  level: "threshold" | "exhausted";
  use: BudgetUse;
}

/** What `usage` groups by. */
export const GROUPS = ["day", "caller", "family", "model"] as const;
export type Group = (typeof GROUPS)[number];

/** One group of the ledger: task counts and credits, by where the figures came from. */
export interface UsageRow {
  day?: string;
  caller?: string;
  family?: string;
  model?: string;
  tasks: number;
  succeeded: number;
  failed: number;
  inFlight: number;
  credits: number;
  reportedCredits: number;
  estimatedCredits: number;
  /** Finished tasks whose cost no one knows. */
  unknownTasks: number;
  reserved: number;
}

/** The ledger's settlement of a finished task. */
export interface Settled {
  caller: string;
  credits: number | null;
  source: CreditSource;
  /** The budgets the task was held against. */
  budget?: Budget;
}

/**
 * The spend ledger: one row per task (caller, model, state, credits and where the figure came from), reservations
 * held against callers' budgets, and which budget alerts each period has had. Rows in a Durable Object's SQLite,
 * kept 400 days; every question is a SQL query. Knows nothing of HTTP or of kie.ai.
 *
 * @example
 * ```ts
 * const ledger = new LedgerStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * const refused = ledger.reserve({ ref, caller: "web", model: "veo/veo3_fast", family: "veo", now: Date.now() }, budget, prices)
 * ```
 */
export class LedgerStore {
  readonly #averages = new Lru<{ until: number; avg: number | undefined }>(256);

  constructor(
    private readonly sql: SqlStorage,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    migrate(sql, transaction, "ledger", LEDGER_MIGRATIONS);
  }

  /**
   * Checks the caller's budgets and holds the task's estimate against them: the task is refused when spent +
   * reserved + its estimate would pass a budget (with no estimate: when the budget is already used up). Reads and
   * the one write run in one synchronous turn of the object, so nothing runs between the check and the hold and
   * concurrent creates never overshoot a budget; no savepoint is needed to make a single write atomic.
   */
  reserve(
    task: { ref: string; caller: string; model: string; family: string; now: number },
    budget: Budget | undefined,
    prices: ModelPrices,
  ): BudgetRefusal | undefined {
    const estimate = this.estimate(prices, task.model, task.now);
    for (const use of this.budgetUse(task.caller, budget, task.now)) {
      const after = use.spent + use.reserved + (estimate ?? 0);
      if (after > use.limit + EPSILON || (estimate === null && use.left <= EPSILON)) return { use, estimate };
    }
    this.sql.exec(
      "INSERT INTO ledger (ref, caller, model, family, created_at, state, reserved, budget) " +
        "VALUES (?, ?, ?, ?, ?, 'reserved', ?, ?)",
      task.ref,
      task.caller,
      task.model,
      task.family,
      task.now,
      estimate ?? 0,
      budget ? JSON.stringify(budget) : null,
    );
    return undefined;
  }

  /** kie.ai made the task: it counts in usage from now on. */
  accepted(ref: string, taskId: string): void {
    this.sql.exec("UPDATE ledger SET task_id = ?, state = 'running' WHERE ref = ? AND state = 'reserved'", taskId, ref);
  }

  /** No task was made (refused before or by kie.ai, or not ours after all): the reservation is released. */
  release(ref: string): void {
    this.sql.exec("DELETE FROM ledger WHERE ref = ? AND state IN ('reserved', 'running')", ref);
  }

  /**
   * A task's outcome replaces its reservation: a failure costs 0; a success costs what kie.ai reported, else the
   * estimate, else is recorded as unknown. Returns the settlement, or undefined when the task has no open row.
   */
  settle(
    ref: string,
    outcome: { state: "success" | "fail"; reported?: number; now: number },
    prices: ModelPrices,
  ): Settled | undefined {
    return this.transaction(() => {
      const row = this.sql
        .exec<{ caller: string; model: string; budget: string | null }>(
          "SELECT caller, model, budget FROM ledger WHERE ref = ? AND state IN ('reserved', 'running')",
          ref,
        )
        .toArray()[0];
      if (!row) return undefined;
      if (outcome.reported !== undefined) this.#averages.delete(row.model);
      let credits: number | null;
      let source: CreditSource;
      if (outcome.reported !== undefined) [credits, source] = [outcome.reported, "reported"];
      else if (outcome.state === "fail") [credits, source] = [0, "estimated"];
      else {
        credits = this.estimate(prices, row.model, outcome.now);
        source = credits === null ? "unknown" : "estimated";
      }
      this.sql.exec(
        "UPDATE ledger SET state = ?, completed_at = ?, reserved = 0, credits = ?, source = ? WHERE ref = ?",
        outcome.state,
        outcome.now,
        credits,
        source,
        ref,
      );
      return { caller: row.caller, credits, source, budget: budgetOf(row.budget) };
    });
  }

  /** What a task of `model` is expected to cost now (see `estimateOf`). */
  estimate(prices: ModelPrices, model: string, now: number): number | null {
    return estimateOf(prices, model, (m) => this.#average(m, now));
  }

  /** Where `caller` stands against each of its budgets at `now`. */
  budgetUse(caller: string, budget: Budget | undefined, now: number): BudgetUse[] {
    if (!budget) return [];
    return PERIODS.flatMap((period) => {
      const limit = budget[period];
      if (limit === undefined) return [];
      const { key, start, end } = periodOf(period, now);
      const { spent, reserved } = this.sql
        .exec<{ spent: number; reserved: number }>(
          "SELECT coalesce(sum(CASE WHEN state IN ('success', 'fail') THEN coalesce(credits, 0) END), 0) AS spent, " +
            "coalesce(sum(CASE WHEN state IN ('reserved', 'running') THEN reserved END), 0) AS reserved " +
            "FROM ledger WHERE caller = ? AND created_at >= ? AND created_at < ?",
          caller,
          start,
          end,
        )
        .one();
      const left = round(Math.max(0, limit - spent - reserved));
      return [{ period, key, limit, spent: round(spent), reserved: round(reserved), left, resetsAt: end }];
    });
  }

  /**
   * The budget alerts `caller` is owed at `now`, each once per budget and period: `exhausted` at 100 % spent,
   * `threshold` at 80 % (an exhausted budget also counts as past its threshold, so that is never told after).
   */
  crossings(caller: string, budget: Budget | undefined, now: number): BudgetCrossing[] {
    return this.transaction(() =>
      this.budgetUse(caller, budget, now).flatMap((use): BudgetCrossing[] => {
        const share = use.spent / use.limit;
        const level = share >= 1 - EPSILON ? "exhausted" : share >= THRESHOLD_SHARE - EPSILON ? "threshold" : null;
        if (!level) return [];
        const levels = level === "exhausted" ? ["exhausted", "threshold"] : ["threshold"];
        const fresh = levels.filter(
          (l) =>
            this.sql.exec(
              "INSERT OR IGNORE INTO budget_alerts (caller, period, key, level, at) VALUES (?, ?, ?, ?, ?)",
              caller,
              use.period,
              use.key,
              l,
              now,
            ).rowsWritten > 0,
        );
        return fresh.includes(level) ? [{ caller, level, use }] : [];
      }),
    );
  }

  /**
   * Credits the ledger recorded for tasks finished in (`from`, `to`], and the estimates still held for tasks in
   * flight (some of which kie.ai may already have charged): what kie-edge's callers explain of a balance drop.
   */
  spendBetween(from: number, to: number): { recorded: number; inFlight: number } {
    return this.sql
      .exec<{ recorded: number; inFlight: number }>(
        "SELECT " +
          "(SELECT coalesce(sum(credits), 0) FROM ledger WHERE completed_at > ? AND completed_at <= ?) AS recorded, " +
          "(SELECT coalesce(sum(reserved), 0) FROM ledger WHERE state IN ('reserved', 'running')) AS inFlight",
        from,
        to,
      )
      .one();
  }

  /** One credit check's spend figures, kept for the dashboard's unattributed line. */
  noteCheck(at: number, figures: { drop: number; recorded: number; inFlight: number; unexplained: number }): void {
    this.sql.exec(
      "INSERT INTO spend_checks (at, drop_, recorded, in_flight, unexplained) VALUES (?, ?, ?, ?, ?)",
      at,
      figures.drop,
      figures.recorded,
      figures.inFlight,
      figures.unexplained,
    );
  }

  /** Credits no caller explained, per UTC day, for checks in [`from`, `to`). */
  unattributedByDay(from: number, to: number): { day: string; credits: number }[] {
    return this.sql
      .exec<{ day: string; credits: number }>(
        "SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, sum(unexplained) AS credits " +
          "FROM spend_checks WHERE at >= ? AND at < ? GROUP BY day ORDER BY day",
        from,
        to,
      )
      .toArray()
      .map((row) => ({ ...row }));
  }

  /** Task counts and credits of tasks created in [`from`, `to`), grouped; only `caller`'s rows when given. */
  usage(from: number, to: number, groups: readonly Group[], caller?: string): UsageRow[] {
    const columns: Record<Group, string> = {
      day: "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day",
      caller: "caller",
      family: "family",
      model: "model",
    };
    const keys = GROUPS.filter((g) => groups.includes(g));
    const select = keys.map((g) => `${columns[g]}, `).join("");
    const by = keys.length ? `GROUP BY ${keys.join(", ")} ORDER BY ${keys.join(", ")}` : "";
    const bindings: unknown[] = [from, to, ...(caller === undefined ? [] : [caller])];
    return this.sql
      .exec<Record<string, number | string>>(
        // Lines joined with +: the bundle keeps one literal, without the indentation a multi-line one carries.
        `SELECT ${select}count(*) AS tasks, ` +
          "sum(state = 'success') AS succeeded, sum(state = 'fail') AS failed, " +
          "sum(state IN ('reserved', 'running')) AS inFlight, " +
          "coalesce(sum(credits), 0) AS credits, " +
          "coalesce(sum(CASE WHEN source = 'reported' THEN credits END), 0) AS reportedCredits, " +
          "coalesce(sum(CASE WHEN source = 'estimated' THEN credits END), 0) AS estimatedCredits, " +
          "sum(source = 'unknown') AS unknownTasks, " +
          "coalesce(sum(reserved), 0) AS reserved " +
          "FROM ledger WHERE task_id IS NOT NULL AND created_at >= ? AND created_at < ? " +
          `${caller === undefined ? "" : "AND caller = ? "}${by}`,
        ...bindings,
      )
      .toArray()
      .filter((row) => Number(row.tasks) > 0)
      .map((row) => ({ ...row }) as unknown as UsageRow);
  }

  /** Forgets rows past retention, reservations of sends that never got an answer, and old budget alerts. */
  prune(now: number): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM ledger WHERE created_at < ?", now - LEDGER_RETENTION_MS);
      // The IN names ledger_open's own condition, so SQLite reads only the open rows, not every row older than an hour.
      this.sql.exec(
        "DELETE FROM ledger WHERE state IN ('reserved', 'running') AND state = 'reserved' AND created_at < ?",
        now - UNANSWERED_MS,
      );
      this.sql.exec("DELETE FROM budget_alerts WHERE at < ?", now - 40 * 86_400_000);
      this.sql.exec("DELETE FROM spend_checks WHERE at < ?", now - LEDGER_RETENTION_MS);
    });
  }

  // Asked for every create: kept a minute per model, and forgotten when a report for the model settles.
  #average(model: string, now: number): number | undefined {
    const kept = this.#averages.get(model);
    if (kept && now < kept.until) return kept.avg;
    const { avg } = this.sql
      .exec<{ avg: number | null }>(
        "SELECT avg(credits) AS avg FROM ledger WHERE model = ? AND source = 'reported' AND state = 'success' AND completed_at >= ?",
        model,
        now - AVERAGE_WINDOW_MS,
      )
      .one();
    this.#averages.set(model, { until: now + 60_000, avg: avg ?? undefined });
    return avg ?? undefined;
  }
}

// A row's budgets as stored (JSON), read back only in the shape a budget has.
function budgetOf(text: string | null): Budget | undefined {
  if (!text) return undefined;
  try {
    const { daily, monthly } = JSON.parse(text) as Budget;
    const budget: Budget = {};
    if (typeof daily === "number") budget.daily = daily;
    if (typeof monthly === "number") budget.monthly = monthly;
    return budget.daily === undefined && budget.monthly === undefined ? undefined : budget;
  } catch {
    return undefined;
  }
}
