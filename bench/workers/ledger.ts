// `npm run bench:ledger`'s Worker: kie-edge's LedgerStore in a SQLite-backed Durable Object of its own, as the
// account coordinator keeps it, and what bench/ledger.ts asks of it over RPC — fill the ledger with direct INSERTs,
// run tasks' writes and the usage queries, each timed inside the object.
//
// Timing: workerd's clock (Date.now, performance.now) moves in whole milliseconds. A run is started right after a
// tick; when it ends, the loop that waits for the next tick counts its turns, and that count, at the turns per
// millisecond measured beforehand, says how much of the last millisecond was left: microseconds, not milliseconds.
import { DurableObject } from "cloudflare:workers";
import type { Budget, ModelPrices } from "../../src/config";
import { type Group, LedgerStore } from "../../src/ledger/store";

interface Env {
  LEDGER: DurableObjectNamespace<LedgerBench>;
}

const DAY_MS = 86_400_000;

/** The ledger the benchmark fills: who, which models and what each costs. */
export interface Population {
  now: number;
  days: number;
  callers: string[];
  /** Relative share of each caller's tasks. */
  weights: number[];
  models: { id: string; credits: number }[];
  seed: number;
}

/** One task's writes: who, which model, the caller's budget and the prices. */
export interface TaskSpec {
  caller: string;
  model: string;
  budget: Budget;
  prices: ModelPrices;
  /** Credits kie.ai reports for the task (undefined: none, so settle estimates). */
  reported?: number;
  /** The first task's creation time; each next one a second later. */
  at: number;
}

/** A query the benchmark times, by name (see `queries`). */
export interface QuerySpec {
  name: string;
  now: number;
  caller: string;
  callers: string[];
  budget: Budget;
}

/** What one statement of an operation read and wrote, and SQLite's plan for it. */
export interface StatementCost {
  sql: string;
  rowsRead: number;
  rowsWritten: number;
  plan: string[];
}

/** The tick counting that turns workerd's millisecond clock into microseconds. */
class EdgeTimer {
  /** Turns of the waiting loop in one millisecond, as the last run counted them. */
  turnsPerMs = 1;
  /** What an empty run reads, µs: taken off every run. */
  offsetUs = 0;

  /**
   * Warms the waiting loop up (the JIT compiles it meanwhile: 50 ms), then measures what an empty run reads, the
   * median of 50, to take off every run. Run again at the start of every batch.
   */
  calibrate(): void {
    for (let i = 0; i < 50; i++) this.#spin(this.#tick());
    this.offsetUs = 0;
    this.offsetUs = median(Array.from({ length: 50 }, () => this.time(() => undefined)));
  }

  /**
   * How long `fn` ran, µs: started right after a tick; after it, the turns of the loop that waits out the current
   * millisecond, against the turns of the next whole one, say how much of that millisecond was left.
   */
  time(fn: () => unknown): number {
    const start = this.#tick();
    fn();
    const end = Date.now();
    const left = this.#spin(end);
    const full = this.#spin(end + 1);
    this.turnsPerMs = full || 1;
    return (end + 1 - start - Math.min(1, left / this.turnsPerMs)) * 1000 - this.offsetUs;
  }

  /** Waits for the clock's next millisecond and answers it. */
  #tick(): number {
    const now = Date.now();
    let t = now;
    while (t === now) t = Date.now();
    return t;
  }

  /** Waits while the clock reads `t`: the turns that took. */
  #spin(t: number): number {
    let n = 0;
    while (Date.now() === t) n++;
    return n;
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/** A deterministic PRNG (mulberry32), so every run fills the same ledger. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(next: () => number): string {
  let s = "";
  for (let i = 0; i < 4; i++)
    s += Math.floor(next() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return s;
}

export class LedgerBench extends DurableObject<Env> {
  readonly #sql: SqlStorage;
  readonly #transaction = <T>(fn: () => T): T => this.ctx.storage.transactionSync(fn);
  readonly #ledger: LedgerStore;
  #timer: EdgeTimer | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#ledger = new LedgerStore(this.#sql, this.#transaction);
  }

  /** The timer's turns per millisecond and offset, and what it reads for 500 more empty runs, µs. */
  calibrate(): { turnsPerMs: number; offsetUs: number; emptyUs: number[] } {
    // The first call warms the loops up for longer: ~0.5 s, until the JIT has compiled them.
    for (let i = 0; i < 10; i++) this.#calibrated();
    const timer = this.#calibrated();
    const emptyUs = Array.from({ length: 500 }, () => timer.time(() => undefined));
    return { turnsPerMs: timer.turnsPerMs, offsetUs: timer.offsetUs, emptyUs };
  }

  /**
   * Inserts rows `from` to `to` (of `total`) with direct SQL, in one transaction, matching the ledger's schema, in
   * the order kie-edge appends them: created evenly over `days`, row i after row i − 1 (the last 20 still running,
   * within the last hour); ~8 % failed, ~82 % with kie.ai's figure, ~9 % estimated, ~1 % with no figure.
   */
  seed(p: Population, from: number, to: number, total: number): { ms: number } {
    const started = Date.now();
    let sum = 0;
    const cumulative = p.weights.map((w) => {
      sum += w;
      return sum;
    });
    const weightSum = cumulative.at(-1) ?? 1;
    this.#transaction(() => {
      for (let i = from; i < to; i++) {
        const next = random(p.seed * 1_000_003 + i);
        const pick = next() * weightSum;
        const caller = p.callers[cumulative.findIndex((c) => pick < c)] ?? p.callers[0];
        const model = p.models[Math.floor(next() * p.models.length)] ?? p.models[0];
        if (!caller || !model) throw new Error("empty population");
        const ref = hex(next);
        const taskId = hex(next);
        if (i >= total - 20) {
          const created = p.now - 3_000_000 + (i - total + 20) * 100_000 + Math.floor(next() * 100_000);
          this.#sql.exec(
            `INSERT INTO ledger (ref, task_id, caller, model, created_at, state, reserved)
            VALUES (?, ?, ?, ?, ?, 'running', ?)`,
            ref,
            taskId,
            caller,
            model.id,
            created,
            model.credits,
          );
          continue;
        }
        const created =
          p.now - p.days * DAY_MS + Math.floor(((i + next()) * (p.days * DAY_MS - 3_600_000)) / (total - 20));
        const completed = created + 10_000 + Math.floor(next() * 110_000);
        const r = next();
        const [state, credits, source] =
          r < 0.08
            ? ["fail", 0, "estimated"]
            : r < 0.9
              ? ["success", model.credits, "reported"]
              : r < 0.99
                ? ["success", model.credits, "estimated"]
                : ["success", null, "unknown"];
        this.#sql.exec(
          `INSERT INTO ledger (ref, task_id, caller, model, created_at, state, completed_at, reserved, credits, source)
          VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
          ref,
          taskId,
          caller,
          model.id,
          created,
          state,
          completed,
          credits,
          source,
        );
      }
    });
    return { ms: Date.now() - started };
  }

  /** Rows, size on disk, rows per caller, and the ledger's indexes. */
  stats(): { rows: number; bytes: number; perCaller: Record<string, number>; indexes: string[] } {
    const rows = this.#sql.exec<{ n: number }>("SELECT count(*) AS n FROM ledger").one().n;
    const perCaller = Object.fromEntries(
      this.#sql
        .exec<{ caller: string; n: number }>("SELECT caller, count(*) AS n FROM ledger GROUP BY caller")
        .toArray()
        .map((r) => [r.caller, r.n]),
    );
    const indexes = this.#sql
      .exec<{ sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger' AND sql IS NOT NULL",
      )
      .toArray()
      .map((r) => r.sql.replace(/\s+/g, " "));
    return { rows, bytes: this.#sql.databaseSize, perCaller, indexes };
  }

  /**
   * Runs `count` tasks' writes — reserve, accepted, settle (success), crossings — timing each task whole
   * (`total`) or each step (`steps`), µs; then deletes them (untimed).
   */
  tasks(
    spec: TaskSpec,
    first: number,
    count: number,
    mode: "total" | "steps",
  ): { total: number[]; reserve: number[]; accepted: number[]; settle: number[]; crossings: number[] } {
    const timer = this.#calibrated();
    const out = { total: [] as number[], reserve: [] as number[], accepted: [] as number[], settle: [] as number[] };
    const crossings: number[] = [];
    for (let n = first; n < first + count; n++) {
      const steps = this.#steps(this.#ledger, spec, n);
      if (mode === "total")
        out.total.push(
          timer.time(() => {
            for (const step of steps) step();
          }),
        );
      else {
        const [reserve, accepted, settle, cross] = steps.map((step) => timer.time(step));
        out.reserve.push(reserve ?? 0);
        out.accepted.push(accepted ?? 0);
        out.settle.push(settle ?? 0);
        crossings.push(cross ?? 0);
      }
    }
    this.clear();
    return { ...out, crossings };
  }

  /** One task's first event (reserve, then kie.ai accepted it), untimed: the harness counts the process's CPU. */
  createTask(spec: TaskSpec, n: number): void {
    const [reserve, accepted] = this.#steps(this.#ledger, spec, n);
    reserve?.();
    accepted?.();
  }

  /** The same task's callback: settle, then crossings. */
  callback(spec: TaskSpec, n: number): void {
    const [, , settle, crossings] = this.#steps(this.#ledger, spec, n);
    settle?.();
    crossings?.();
  }

  /** An RPC call that does nothing with the same arguments: the floor the two above are measured against. */
  noop(_spec: TaskSpec, _n: number): void {}

  /** Deletes the benchmark's own tasks, so every batch meets the ledger as it was filled. */
  clear(): void {
    this.#sql.exec("DELETE FROM ledger WHERE ref LIKE 'bench-%'");
    this.#sql.exec("DELETE FROM budget_alerts");
  }

  /** The rows one task's steps read and wrote, per statement, with their query plans. */
  taskCost(spec: TaskSpec, n: number): StatementCost[][] {
    return this.#steps(this.#ledger, spec, n).map((step) => this.#counted((ledger) => step(ledger)).costs);
  }

  /** Runs a named query `runs` times, each timed (µs); with the rows it answers. */
  query(spec: QuerySpec, runs: number): { us: number[]; rows: number } {
    const timer = this.#calibrated();
    const run = queries(spec);
    let rows = 0;
    const us = Array.from({ length: runs }, () =>
      timer.time(() => {
        rows = run(this.#ledger);
      }),
    );
    return { us, rows };
  }

  /** Runs a named query `runs` times untimed: the harness counts the process's CPU. */
  queryBatch(spec: QuerySpec, runs: number): void {
    const run = queries(spec);
    for (let i = 0; i < runs; i++) run(this.#ledger);
  }

  /** What a named query's statements read, with their plans. */
  queryCost(spec: QuerySpec): StatementCost[] {
    return this.#counted((ledger) => queries(spec)(ledger)).costs;
  }

  #calibrated(): EdgeTimer {
    this.#timer ??= new EdgeTimer();
    this.#timer.calibrate();
    return this.#timer;
  }

  /** One task's four steps (for task `n` of `spec`), each a call on `ledger`. */
  #steps(ledger: LedgerStore, spec: TaskSpec, n: number): ((on?: LedgerStore) => void)[] {
    const ref = `bench-${n}`;
    const created = spec.at + n * 1000;
    const done = created + 30_000;
    return [
      (on = ledger) => {
        const refused = on.reserve(
          { ref, caller: spec.caller, model: spec.model, family: "jobs", now: created },
          spec.budget,
          spec.prices,
        );
        if (refused) throw new Error(`task ${n} refused: ${JSON.stringify(refused)}`);
      },
      (on = ledger) => on.accepted(ref, `task-${n}`),
      (on = ledger) => {
        const settled = on.settle(ref, { state: "success", reported: spec.reported, now: done }, spec.prices);
        if (!settled) throw new Error(`task ${n} had no open row`);
      },
      (on = ledger) => {
        on.crossings(spec.caller, spec.budget, done);
      },
    ];
  }

  /** Runs `fn` on a LedgerStore whose every statement is recorded: rows read and written, and the query plan. */
  #counted(fn: (ledger: LedgerStore) => unknown): { costs: StatementCost[] } {
    const seen: { sql: string; bindings: unknown[]; cursor: SqlStorageCursor<Record<string, SqlStorageValue>> }[] = [];
    const real = this.#sql;
    const sql = {
      exec(query: string, ...bindings: unknown[]) {
        const cursor = real.exec(query, ...bindings);
        seen.push({ sql: query, bindings, cursor });
        return cursor;
      },
      get databaseSize() {
        return real.databaseSize;
      },
    } as unknown as SqlStorage;
    fn(new LedgerStore(sql, this.#transaction));
    const costs = seen
      .filter((s) => !/^\s*CREATE /i.test(s.sql))
      .map((s) => {
        let plan: string[];
        try {
          plan = real
            .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${s.sql}`, ...s.bindings)
            .toArray()
            .map((r) => r.detail);
        } catch (error) {
          plan = [`(no plan: ${(error as Error).message})`];
        }
        return {
          sql: s.sql.replace(/\s+/g, " ").trim(),
          rowsRead: s.cursor.rowsRead,
          rowsWritten: s.cursor.rowsWritten,
          plan,
        };
      });
    return { costs };
  }
}

/** The queries the benchmark times, by name: each answers how many rows it returned. */
function queries(spec: QuerySpec): (ledger: LedgerStore) => number {
  const { now, caller } = spec;
  const usage = (days: number, groups: Group[], who?: string) => (ledger: LedgerStore) =>
    ledger.usage(now - days * DAY_MS, now, groups, who).length;
  const table: Record<string, (ledger: LedgerStore) => number> = {
    "usage-30d-caller": usage(30, ["caller"]),
    "usage-30d-day-caller": usage(30, ["day", "caller"]),
    "usage-400d-model": usage(400, ["model"]),
    "usage-30d-own": usage(30, ["caller"], caller),
    "usage-400d-day-own": usage(400, ["day"], caller),
    "budget-use": (ledger) => ledger.budgetUse(caller, spec.budget, now).length,
    "budgets-all": (ledger) => spec.callers.flatMap((c) => ledger.budgetUse(c, spec.budget, now)).length,
    "spend-between": (ledger) => {
      ledger.spendBetween(now - 600_000, now);
      return 1;
    },
    prune: (ledger) => {
      ledger.prune(now);
      return 0;
    },
  };
  const run = table[spec.name];
  if (!run) throw new Error(`no query named ${spec.name}`);
  return run;
}

/** Answers `POST /<method>` with a JSON array of arguments by calling the one Durable Object's method. */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const method = new URL(request.url).pathname.slice(1);
    if (request.method !== "POST") return new Response("ok");
    const stub = env.LEDGER.get(env.LEDGER.idFromName("bench")) as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    try {
      const args = (await request.json()) as unknown[];
      // An RPC stub answers every property name; the method is called on it (not through .apply, itself an RPC).
      return Response.json((await stub[method]?.(...args)) ?? null);
    } catch (error) {
      return new Response(String((error as Error).stack ?? error), { status: 500 });
    }
  },
} satisfies ExportedHandler<Env>;
