import { DurableObject } from "cloudflare:workers";
import {
  type ArchiveCoordinator,
  type ArchivedFile,
  ArchiveStore,
  type CopyOutcome,
  type JobFile,
  type RecentArchive,
  type StorageUse,
} from "../archive";
import { type Budget, type Config, type ConfigResult, parseConfig, secretsOf } from "../config";
import {
  type AuditEntry,
  type AuditFilter,
  type CreatedKey,
  type KeyActor,
  type KeyCaller,
  type KeyCoordinator,
  KeyDesk,
  type KeyFilter,
  type KeyInput,
  type KeyOutcome,
  KeyStore,
  type KeyVerdict,
  type KeyView,
  keyEntries,
  type RevokedKey,
  type RotatedKey,
} from "../keys";
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
  type CheckSettings,
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
  type CallOutcome,
  type CallRequest,
  type DeskSettings,
  FinalRecords,
  type RecordOutcome,
  type RecordRequest,
  type TaskCoordinator,
  TaskDesk,
  TaskStore,
} from "../tasks";
import { createKieClient, type KieClient } from "../upstream";
import { ArchiveKeeper } from "./archive";
import { LedgerHooks } from "./spend";
import { Wakeups } from "./wakeups";

// The first retry of an alert that did not get through comes this soon; each later one waits twice as long.
const MAX_REDELIVERY_MS = 10 * 60_000;
/** How often the alarm forgets rows past their retention. */
const PRUNE_EVERY_MS = 3_600_000;
/** The soonest an alarm is set for, from now. */
const MIN_ALARM_DELAY_MS = 250;

/** The coordinator's settings, parsed once from its own environment. */
interface Settings {
  config: Config;
  check: CheckSettings;
  desk: DeskSettings;
  kie: KieClient;
}

/**
 * The account coordinator: one SQLite-backed Durable Object per account (`idFromName("account")`), the single owner
 * of what must happen exactly once. It runs the credit check — the cron's and the manual ones, one at a time:
 * checks that overlap share one kie.ai call and one evaluation, so a transition raises one alert whatever the
 * concurrency — keeps samples, alert state and alerts as rows, and redelivers pending alerts from its alarm.
 * It also owns generation tasks of every family (`TaskDesk`): admission to kie.ai's account-wide rate, ownership,
 * final records, and kie.ai's callbacks confirmed and relayed; and the spend ledger. One alarm serves all of it.
 *
 * It runs with its own settings and secrets, read from its own `env` (once per `env` object): callers send only
 * what they ask, never a key, and alarms run with the same settings as calls.
 *
 * A check waits on kie.ai with no storage operation in flight, so the object's input gate stays open: status and
 * history reads are answered meanwhile from SQLite, never behind a slow check.
 */
export class Coordinator
  extends DurableObject<Env>
  implements MonitorCoordinator, TaskCoordinator, UsageCoordinator, ArchiveCoordinator, KeyCoordinator
{
  readonly #store: MonitorStore;
  readonly #ledger: LedgerStore;
  readonly #tasks: TaskDesk;
  readonly #wakeups: Wakeups;
  readonly #archive: ArchiveKeeper;
  readonly #keys: KeyDesk;
  #running: Promise<CheckReport> | undefined;
  #prunedAt = 0;
  /** The alarm as this instance last set or read it (null: none); undefined until first asked. */
  #alarmAt: number | null | undefined;
  #imported: Promise<void> | undefined;
  #settings: { env: object; value: Settings } | undefined;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const transaction = <T>(fn: () => T): T => ctx.storage.transactionSync(fn);
    this.#store = new MonitorStore(ctx.storage.sql, transaction);
    this.#wakeups = new Wakeups(ctx.storage.sql, transaction);
    this.#ledger = new LedgerStore(ctx.storage.sql, transaction);
    this.#keys = new KeyDesk({
      store: new KeyStore(ctx.storage.sql, transaction),
      settings: () => this.#own().config.keys,
      kv: () => keyEntries(this.env.STORE, (op) => console.warn({ level: "warn", msg: "kv_error", op, where: "keys" })),
      background: (work) => this.#background(work),
    });
    this.#archive = new ArchiveKeeper({
      store: new ArchiveStore(ctx.storage.sql, transaction),
      settings: () => {
        const { config } = this.#own();
        return { archive: config.archive, policies: config.tasks.policies, fileHosts: config.fileHosts };
      },
      bindings: () => ({ bucket: this.env.ARCHIVE, queue: this.env.ARCHIVE_QUEUE, kv: this.env.STORE }),
      background: (work) => this.#background(work),
    });
    this.#tasks = new TaskDesk({
      store: new TaskStore(ctx.storage.sql, transaction),
      settings: () => this.#own().desk,
      kie: () => this.#own().kie,
      wake: (at) => this.#wakeAt("tasks", at),
      background: (work) => this.#background(work),
      finals: new FinalRecords(env.STORE),
      archive: this.#archive,
      spend: new LedgerHooks(
        this.#ledger,
        () => ({ prices: this.#own().config.spend.prices }),
        (crossings) => this.#budgetAlerts(crossings),
      ),
    });
  }

  /**
   * A credit check at `now`. A manual one within `MONITOR_CHECK_MIN_INTERVAL_S` of the last check answers that
   * check's result; one that overlaps a check under way shares it.
   */
  async check(now: number, manual: boolean): Promise<CheckReport> {
    const { check } = this.#own();
    await this.#importOnce();
    if (manual) {
      const last = this.#store.state().lastCheck;
      if (last && now - last.at < check.monitor.checkMinIntervalMs && !this.#running) {
        return lastReport(this.#store, check) as CheckReport;
      }
    }
    this.#running ??= this.#check(now).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** The monitor's state, as `/api/v1/monitor/status` shows it. */
  async status(now: number): Promise<MonitorStatus> {
    await this.#importOnce();
    return monitorStatus(this.#store, this.#own().check, now);
  }

  /** The samples taken at or after `sinceMs`, as `/api/v1/monitor/history` shows them. */
  async history(sinceMs: number): Promise<{ at: string; balance: number }[]> {
    await this.#importOnce();
    return this.#store
      .samplesSince(sinceMs)
      .map(([at, balance]) => ({ at: new Date(at * 1000).toISOString(), balance }));
  }

  /** A family call (see `TaskDesk.call`). */
  async call(request: CallRequest): Promise<CallOutcome> {
    return this.#tasks.call(request);
  }

  /** A task's record for a caller (see `TaskDesk.record`). */
  async record(request: RecordRequest): Promise<RecordOutcome> {
    return this.#tasks.record(request);
  }

  /** kie.ai's callback for the task of `ref` (see `TaskDesk.callback`). */
  async kieCallback(ref: string, taskId: string, stage?: string): Promise<CallbackOutcome> {
    return this.#tasks.callback(ref, taskId, stage);
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

  /** Per caller and family: tasks in flight and tasks finished since `sinceMs`, for the dashboard. */
  async taskSummary(sinceMs: number): Promise<CallerTasks[]> {
    return this.#tasks.summary(sinceMs);
  }

  /**
   * Redelivers pending alerts, each with its id; looks at due tasks and sends due relays; then sets the alarm for
   * whatever is due next.
   */
  override async alarm(): Promise<void> {
    const settings = this.#ownOrNone();
    if (!settings) return;
    const { waiting } = await flushPending({ store: this.#store, settings: settings.check, now: Date.now() });
    this.#wakeups.set("monitor", waiting ? this.#redeliverAt(waiting.rounds) : null);
    this.#wakeups.set("tasks", await this.#tasks.work());
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
    this.#background(this.#archive.sweep());
  }

  async #check(now: number): Promise<CheckReport> {
    const { check, kie } = this.#own();
    const spend = {
      explain: (from: number, to: number) => this.#ledger.spendBetween(from, to),
      note: (at: number, figures: Parameters<LedgerStore["noteCheck"]>[1]) => this.#ledger.noteCheck(at, figures),
    };
    const report = await runCheck({ store: this.#store, settings: check, kie, now, spend });
    if (report.pending > 0) {
      const rounds = Math.max(1, ...this.#store.pending().map((a) => a.rounds));
      await this.#wakeAt("monitor", this.#redeliverAt(rounds));
    }
    return report;
  }

  // A caller passed 80 % or 100 % of a budget: told through the monitor's webhook, with its signing and retries.
  #budgetAlerts(crossings: BudgetCrossing[]): void {
    const now = Date.now();
    raise(
      { store: this.#store, settings: this.#own().check, now },
      crossings.map(({ caller, level, use }) => ({
        type: level === "exhausted" ? ("budget.exhausted" as const) : ("budget.threshold" as const),
        data: { caller, budget: { ...use, resetsAt: new Date(use.resetsAt).toISOString() } },
      })),
    );
    this.#background(this.#deliver());
  }

  async #deliver(): Promise<void> {
    const { waiting } = await flushPending({ store: this.#store, settings: this.#own().check, now: Date.now() });
    if (waiting) await this.#wakeAt("monitor", this.#redeliverAt(waiting.rounds));
  }

  #redeliverAt(rounds: number): number {
    const { webhook } = this.#own().check;
    return Date.now() + Math.min(MAX_REDELIVERY_MS, webhook.redeliverMs * 2 ** Math.max(0, rounds - 1));
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
    if (inAlarm) this.#alarmAt = null;
    const soonest = this.#wakeups.soonest();
    if (soonest === null) return;
    // Never for a time already past: work still due (a look under way) is tried again shortly, not in a tight loop.
    const at = Math.max(soonest, Date.now() + MIN_ALARM_DELAY_MS);
    // The alarm this object set is remembered (asked of storage once an instance): most creates set none.
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = at;
    await this.ctx.storage.setAlarm(at);
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

  // The settings of the object's own env, parsed once per env object. The Worker refuses every request while its
  // settings (the same env) are wrong, so a call never finds them so; an alarm may, and then does nothing.
  #own(): Settings {
    const settings = this.#ownOrNone();
    if (!settings) throw new Error("kie-edge is misconfigured: the coordinator's settings do not parse");
    return settings;
  }

  #ownOrNone(): Settings | undefined {
    if (this.#settings?.env === this.env) return this.#settings.value;
    const result: ConfigResult = parseConfig(this.env);
    if (!result.ok) {
      console.error({ level: "error", msg: "misconfigured", where: "coordinator", problems: result.problems });
      return undefined;
    }
    const { config } = result;
    const value: Settings = {
      config,
      check: { monitor: config.monitor, webhook: config.webhook, spend: config.spend },
      desk: {
        tasks: config.tasks,
        upstream: config.upstream,
        webhook: config.webhook,
        ...(config.tasks.callbackKey ? { callbackKey: config.tasks.callbackKey } : {}),
      },
      kie: createKieClient({
        baseUrl: config.kieBaseUrl,
        apiKey: config.kieApiKey,
        secrets: secretsOf(config),
        ...config.upstream,
      }),
    };
    this.#settings = { env: this.env, value };
    return value;
  }

  // Result archiving (src/archive): the queue's consumer asks for each job and tells how it went; callers list and
  // count what is kept.

  /** The file a copy job is for, as it stands now. */
  async archiveJob(ref: string, index: number): Promise<JobFile | undefined> {
    return this.#archive.job(ref, index);
  }

  /** How a copy job ended. */
  async archiveDone(ref: string, index: number, outcome: CopyOutcome): Promise<void> {
    this.#archive.done(ref, index, outcome);
  }

  /** A task's archived files, to its owner (an admin: anyone). */
  async archiveList(
    caller: string,
    admin: boolean,
    taskId: string,
  ): Promise<{ caller: string; family: string; files: ArchivedFile[] } | undefined> {
    return this.#archive.list(caller, admin, taskId);
  }

  /** The newest tasks with archived files, a caller's own or everyone's. */
  async archiveRecent(limit: number, caller?: string): Promise<RecentArchive[]> {
    return this.#archive.recent(limit, caller);
  }

  /** Bytes served from the archive to a caller, counted for the day. */
  async archiveServed(caller: string, bytes: number): Promise<void> {
    this.#archive.served(caller, bytes);
  }

  /** Bytes stored and served per caller and day, and what each caller keeps now. */
  async archiveStorage(from: number, to: number, caller?: string): Promise<StorageUse> {
    return this.#archive.storage(from, to, caller);
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

  // Caller keys (src/keys): made, rotated and revoked here, every change in the audit log; presented keys arrive
  // as their SHA-256, and a secret leaves only once, in the answer that made it.

  /** A new key for `input.caller`: its view and its secret (shown this once). */
  async createKey(input: KeyInput, actor: KeyActor): Promise<CreatedKey> {
    return this.#keys.create(input, actor);
  }

  /** Keys, newest first, by `filter`: never a secret. */
  async listKeys(filter: KeyFilter): Promise<KeyView[]> {
    return this.#keys.list(filter);
  }

  /** The callers that hold a usable key (an admin's budget overview lists them beside PROXY_TOKENS' names). */
  async keyCallers(): Promise<KeyCaller[]> {
    return this.#keys.callers();
  }

  /** A new secret for the key; the old ones accepted for `graceSeconds` at most. */
  async rotateKey(id: string, graceSeconds: number, actor: KeyActor): Promise<KeyOutcome<RotatedKey>> {
    return this.#keys.rotate(id, graceSeconds, actor);
  }

  /** Revokes the key: refused everywhere within KEY_CACHE_SECONDS. */
  async revokeKey(id: string, reason: string | undefined, actor: KeyActor): Promise<KeyOutcome<RevokedKey>> {
    return this.#keys.revoke(id, reason, actor);
  }

  /** The verdict on a presented key's SHA-256 (the Worker never sends the key). */
  async verifyKey(hash: string): Promise<KeyVerdict> {
    return this.#keys.verify(hash);
  }

  /** The audit log of key changes, newest first (400 days). */
  async keyAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.#keys.audit(filter);
  }
}
