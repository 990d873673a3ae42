import { DurableObject } from "cloudflare:workers";
import { type Config, type ConfigResult, parseConfig, secretsOf } from "../config";
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
  runCheck,
} from "../monitor";
import { createKieClient, type KieClient } from "../upstream";

/** The settings a coordinator call needs, from a parsed config. */
export function coordinatorSettings(config: Config): CoordinatorSettings {
  return {
    monitor: config.monitor,
    webhook: config.webhook,
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

/**
 * The account coordinator: one SQLite-backed Durable Object per account (`idFromName("account")`), the single owner
 * of what must happen exactly once. It runs the credit check — the cron's and the manual ones, one at a time:
 * checks that overlap share one kie.ai call and one evaluation, so a transition raises one alert whatever the
 * concurrency — keeps samples, alert state and alerts as rows, and redelivers pending alerts from its alarm.
 *
 * A check waits on kie.ai with no storage operation in flight, so the object's input gate stays open: status and
 * history reads are answered meanwhile from SQLite, never behind a slow check.
 */
export class Coordinator extends DurableObject<Env> implements MonitorCoordinator {
  readonly #store: MonitorStore;
  #running: Promise<CheckReport> | undefined;
  #imported: Promise<void> | undefined;
  /** The settings of the last call, for alarms (which come with none); the object's own env otherwise. */
  #settings: CoordinatorSettings | undefined;
  #kie: { key: string; client: KieClient } | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new MonitorStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
  }

  /**
   * A credit check at `now`. A manual one within `MONITOR_CHECK_MIN_INTERVAL_S` of the last check answers that
   * check's result; one that overlaps a check under way shares it.
   */
  async check(settings: CoordinatorSettings, now: number, manual: boolean): Promise<CheckReport> {
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
  async status(settings: CoordinatorSettings, now: number): Promise<MonitorStatus> {
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

  /** Redelivers pending alerts, each with its id, and schedules the next try while some still wait. */
  override async alarm(): Promise<void> {
    const settings = this.#settings ?? settingsFromEnv(this.env);
    if (!settings) return;
    const { waiting } = await flushPending({ store: this.#store, settings, now: Date.now() });
    if (waiting) await this.#retryLater(settings, waiting.rounds);
  }

  async #check(settings: CoordinatorSettings, now: number): Promise<CheckReport> {
    const report = await runCheck({ store: this.#store, settings, kie: this.#client(settings), now });
    if (report.pending > 0)
      await this.#retryLater(settings, Math.max(1, ...this.#store.pending().map((a) => a.rounds)));
    return report;
  }

  async #retryLater(settings: CoordinatorSettings, rounds: number): Promise<void> {
    const delay = Math.min(MAX_REDELIVERY_MS, settings.webhook.redeliverMs * 2 ** Math.max(0, rounds - 1));
    await this.ctx.storage.setAlarm(Date.now() + delay);
  }

  #client(settings: CoordinatorSettings): KieClient {
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

function settingsFromEnv(env: Env): CoordinatorSettings | undefined {
  const result: ConfigResult = parseConfig(env);
  return result.ok ? coordinatorSettings(result.config) : undefined;
}
