import { DurableObject } from "cloudflare:workers";
import { type Budget, type Config, type ConfigResult, parseConfig, secretsOf } from "../config";
import {
  type BudgetCrossing,
  type BudgetUse,
  type Group,
  LedgerStore,
  type UsageCoordinator,
  type UsageRow,
} from "../ledger";
import {
  type CheckReport,
  type CoordinatorSettings,
  flushPending,
  lastReport,
  loadMonitor,
  type MonitorCoordinator,
  type MonitorStatus,
  MonitorStore,
  monitorStatus,
  raise,
  runCheck,
} from "../monitor";
import {
  type CallbackOutcome,
  type CallerTasks,
  type CreateOutcome,
  type CreateRequest,
  type RecordOutcome,
  type TaskCallSettings,
  type TaskCoordinator,
  TaskDesk,
  TaskStore,
} from "../tasks";
import { createKieClient, type KieClient } from "../upstream";
import { LedgerHooks } from "./spend";
import { Wakeups } from "./wakeups";

/** Everything a coordinator call is sent: the monitor's settings and the tasks'. */
export type AccountSettings = CoordinatorSettings & TaskCallSettings;

/** The settings a coordinator call needs, from a parsed config. */
export function coordinatorSettings(config: Config): AccountSettings {
  return {
    monitor: config.monitor,
    webhook: config.webhook,
    tasks: config.tasks,
    spend: config.spend,
    kie: {
      baseUrl: config.kieBaseUrl,
      apiKey: config.kieApiKey,
      secrets: secretsOf(config),
      upstream: config.upstream,
    },
  };
}

// The first retry of an alert that did not get through comes this soon; each later one waits twice as long.
const MAX_REDELIVERY_MS = 10 * 60_000;
/** How often the alarm forgets rows past their retention. */
const PRUNE_EVERY_MS = 3_600_000;
/** The soonest an alarm is set for, from now. */
const MIN_ALARM_DELAY_MS = 250;

/**
 * The account coordinator: one SQLite-backed Durable Object per account (`idFromName("account")`), the single owner
 * of what must happen exactly once. It runs the credit check — the cron's and the manual ones, one at a time:
 * checks that overlap share one kie.ai call and one evaluation, so a transition raises one alert whatever the
 * concurrency — keeps samples, alert state and alerts as rows, and redelivers pending alerts from its alarm.
 * It also owns generation tasks (`TaskDesk`): admission to kie.ai's account-wide rate, ownership, final records,
 * and kie.ai's callbacks confirmed and relayed. One alarm serves both; it is set for whichever is due first.
 *
 * A check waits on kie.ai with no storage operation in flight, so the object's input gate stays open: status and
 * history reads are answered meanwhile from SQLite, never behind a slow check.
 */
export class Coordinator extends DurableObject<Env> implements MonitorCoordinator, TaskCoordinator, UsageCoordinator {
  readonly #store: MonitorStore;
  readonly #ledger: LedgerStore;
  readonly #tasks: TaskDesk;
  readonly #wakeups: Wakeups;
  #running: Promise<CheckReport> | undefined;
  #prunedAt = 0;
  #imported: Promise<void> | undefined;
  /** The settings of the last call, for alarms (which come with none); the object's own env otherwise. */
  #settings: AccountSettings | undefined;
  #kie: { key: string; client: KieClient } | undefined;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const transaction = <T>(fn: () => T): T => ctx.storage.transactionSync(fn);
    this.#store = new MonitorStore(ctx.storage.sql, transaction);
    this.#wakeups = new Wakeups(ctx.storage.sql);
    this.#ledger = new LedgerStore(ctx.storage.sql, transaction);
    this.#tasks = new TaskDesk({
      store: new TaskStore(ctx.storage.sql, transaction),
      kie: (settings) => this.#client(settings as AccountSettings),
      wake: (at) => this.#wakeAt("tasks", at),
      background: (work) => this.#background(work),
      spend: new LedgerHooks(this.#ledger, (crossings, settings) =>
        this.#budgetAlerts(crossings, settings as AccountSettings),
      ),
    });
  }

  /**
   * A credit check at `now`. A manual one within `MONITOR_CHECK_MIN_INTERVAL_S` of the last check answers that
   * check's result; one that overlaps a check under way shares it.
   */
  async check(settings: AccountSettings, now: number, manual: boolean): Promise<CheckReport> {
    this.#settings = settings;
    await this.#importOnce();
    if (manual) {
      const last = this.#store.state().lastCheck;
      if (last && now - last.at < settings.monitor.checkMinIntervalMs && !this.#running) {
        return lastReport(this.#store, settings) as CheckReport;
      }
    }
    this.#running ??= this.#check(settings, now).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** The monitor's state, as `/api/v1/monitor/status` shows it. */
  async status(settings: AccountSettings, now: number): Promise<MonitorStatus> {
    this.#settings = settings;
    await this.#importOnce();
    return monitorStatus(this.#store, settings, now);
  }

  /** The samples taken at or after `sinceMs`, as `/api/v1/monitor/history` shows them. */
  async history(sinceMs: number): Promise<{ at: string; balance: number }[]> {
    await this.#importOnce();
    return this.#store
      .samplesSince(sinceMs)
      .map(([at, balance]) => ({ at: new Date(at * 1000).toISOString(), balance }));
  }

  /** Admits, sends and records a createTask (see `TaskDesk.create`). */
  async createTask(settings: AccountSettings, request: CreateRequest): Promise<CreateOutcome> {
    this.#settings = settings;
    return this.#tasks.create(settings, request);
  }

  /** A task's record for a caller (see `TaskDesk.record`). */
  async recordInfo(settings: AccountSettings, caller: string, admin: boolean, taskId: string): Promise<RecordOutcome> {
    this.#settings = settings;
    return this.#tasks.record(settings, caller, admin, taskId);
  }

  /** kie.ai's callback for the task of `ref` (see `TaskDesk.callback`). */
  async kieCallback(settings: AccountSettings, ref: string, taskId: string): Promise<CallbackOutcome> {
    this.#settings = settings;
    return this.#tasks.callback(settings, ref, taskId);
  }

  /** Task counts and credits from the ledger, for tasks created in [`from`, `to`); only `caller`'s when given. */
  async usage(
    from: number,
    to: number,
    groups: Group[],
    caller?: string,
  ): Promise<{ rows: UsageRow[]; unattributed: { day: string; credits: number }[] }> {
    const rows = this.#ledger.usage(from, to, groups, caller);
    return { rows, unattributed: groups.includes("day") ? this.#ledger.unattributedByDay(from, to) : [] };
  }

  /** Where each caller stands against its budgets now. */
  async budgets(callers: { caller: string; budget?: Budget }[]): Promise<{ caller: string; budgets: BudgetUse[] }[]> {
    const now = Date.now();
    return callers.map(({ caller, budget }) => ({ caller, budgets: this.#ledger.budgetUse(caller, budget, now) }));
  }

  /** Per caller: tasks in flight and tasks finished since `sinceMs`, for the dashboard. */
  async taskSummary(sinceMs: number): Promise<CallerTasks[]> {
    return this.#tasks.summary(sinceMs);
  }

  /**
   * Redelivers pending alerts, each with its id; looks at due tasks and sends due relays; then sets the alarm for
   * whatever is due next.
   */
  override async alarm(): Promise<void> {
    const settings = this.#settings ?? settingsFromEnv(this.env);
    if (!settings) return;
    const { waiting } = await flushPending({ store: this.#store, settings, now: Date.now() });
    this.#wakeups.set("monitor", waiting ? this.#redeliverAt(settings, waiting.rounds) : null);
    this.#wakeups.set("tasks", await this.#tasks.work(settings));
    this.#prune(Date.now());
    // The alarm that is running is spent once this returns: set the next one whatever getAlarm() says now.
    await this.#schedule(true);
  }

  // Retention is in days: forgetting once an hour is often enough, and spares every other alarm the reads.
  #prune(now: number): void {
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    this.#tasks.prune(now);
    this.#ledger.prune(now);
  }

  async #check(settings: AccountSettings, now: number): Promise<CheckReport> {
    const spend = {
      explain: (from: number, to: number) => this.#ledger.spendBetween(from, to),
      note: (at: number, figures: Parameters<LedgerStore["noteCheck"]>[1]) => this.#ledger.noteCheck(at, figures),
    };
    const report = await runCheck({ store: this.#store, settings, kie: this.#client(settings), now, spend });
    if (report.pending > 0) {
      const rounds = Math.max(1, ...this.#store.pending().map((a) => a.rounds));
      await this.#wakeAt("monitor", this.#redeliverAt(settings, rounds));
    }
    return report;
  }

  // A caller passed 80 % or 100 % of a budget: told through the monitor's webhook, with its signing and retries.
  #budgetAlerts(crossings: BudgetCrossing[], settings: AccountSettings): void {
    const now = Date.now();
    raise(
      { store: this.#store, settings, now },
      crossings.map(({ caller, level, use }) => ({
        type: level === "exhausted" ? ("budget.exhausted" as const) : ("budget.threshold" as const),
        data: { caller, budget: { ...use, resetsAt: new Date(use.resetsAt).toISOString() } },
      })),
    );
    this.#background(this.#deliver(settings));
  }

  async #deliver(settings: AccountSettings): Promise<void> {
    const { waiting } = await flushPending({ store: this.#store, settings, now: Date.now() });
    if (waiting) await this.#wakeAt("monitor", this.#redeliverAt(settings, waiting.rounds));
  }

  #redeliverAt(settings: AccountSettings, rounds: number): number {
    return Date.now() + Math.min(MAX_REDELIVERY_MS, settings.webhook.redeliverMs * 2 ** Math.max(0, rounds - 1));
  }

  // One alarm for everything: each part says when it is next due, and the alarm is set for the soonest.
  // A part's time already past is an alarm's to honour (the rows say what is due, not this hint): a new time
  // replaces it, and the alarm already set for it still fires.
  async #wakeAt(part: "monitor" | "tasks", at: number): Promise<void> {
    const due = this.#wakeups.get(part);
    if (due === null || at < due || due <= Date.now()) this.#wakeups.set(part, at);
    await this.#schedule();
  }

  async #schedule(inAlarm = false): Promise<void> {
    const soonest = this.#wakeups.soonest();
    if (soonest === null) return;
    // Never for a time already past: work still due (a look under way) is tried again shortly, not in a tight loop.
    const at = Math.max(soonest, Date.now() + MIN_ALARM_DELAY_MS);
    const current = inAlarm ? null : await this.ctx.storage.getAlarm();
    if (current === null || at < current) await this.ctx.storage.setAlarm(at);
  }

  /**
   * Resolves once the work started in the background by earlier calls (confirming a callback, sending a relay)
   * has finished — for tests and benchmarks, through `runInDurableObject`.
   */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  // Work that outlives the call that started it; the alarm is its backstop should the object go away.
  #background(work: Promise<unknown>): void {
    const tracked = work
      .catch((err) => console.error({ level: "error", msg: "coordinator background work failed", error: String(err) }))
      .finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
    this.ctx.waitUntil(tracked);
  }

  #client(settings: AccountSettings): KieClient {
    const key = JSON.stringify(settings.kie);
    if (this.#kie?.key !== key) {
      const { baseUrl, apiKey, secrets, upstream } = settings.kie;
      this.#kie = { key, client: createKieClient({ baseUrl, apiKey, secrets, ...upstream }) };
    }
    return this.#kie.client;
  }

  // The state earlier versions kept in KV is read in once; until it can be, nothing is decided without it.
  #importOnce(): Promise<void> {
    if (this.#store.imported()) return Promise.resolve();
    this.#imported ??= loadMonitor(this.env.STORE)
      .then((doc) => this.#store.importDoc(doc, Date.now()))
      .finally(() => {
        this.#imported = undefined;
      });
    return this.#imported;
  }
}

function settingsFromEnv(env: Env): AccountSettings | undefined {
  const result: ConfigResult = parseConfig(env);
  return result.ok ? coordinatorSettings(result.config) : undefined;
}
