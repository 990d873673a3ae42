import type { MonitorSettings, UnattributedAlert, WebhookSettings } from "../config";
import { type Clock, messageId } from "../net";
import { type KieClient, UpstreamError } from "../upstream";
import {
  type Alert,
  type AlertData,
  type AlertType,
  evaluate,
  type Observation,
  type SpendFigures,
  spendFigures,
} from "./alerts";
import { forecast } from "./forecast";
import type { LastCheck } from "./model";
import type { CheckReport } from "./report";
import type { MonitorStore } from "./sql-store";
import { deliver } from "./webhook/deliver";

/** The settings a check works with. */
export interface CheckSettings {
  monitor: MonitorSettings;
  webhook: WebhookSettings;
  /** When spend no caller explains is worth an alert; unset: never. */
  spend?: { unattributed?: UnattributedAlert };
}

/** What a check needs. */
export interface CheckDeps {
  store: MonitorStore;
  settings: CheckSettings;
  kie: KieClient;
  /** Epoch ms the check counts as; a cron run passes its scheduled time. */
  now: number;
  /** For the waits between delivery attempts. */
  clock?: Clock;
  /** The spend ledger: what it explains of a balance drop between two times, and a place for each check's figures. */
  spend?: {
    explain(fromMs: number, toMs: number): { recorded: number; inFlight: number };
    note(at: number, figures: SpendFigures): void;
  };
}

/**
 * One credit check, the same for the cron trigger and `POST /api/v1/monitor/check`: read the balance through the
 * upstream client (retries, timeout), decide what it means, record the sample, the state and the new alerts in one
 * transaction, then deliver what is due (new alerts and those still pending). A failed balance read is an
 * observation too: it counts towards `monitor.check_failed`. The caller (the coordinator) runs one at a time.
 *
 * @example
 * ```ts
 * const report = await runCheck({ store, settings, kie, now: controller.scheduledTime })
 * ```
 */
export async function runCheck(deps: CheckDeps): Promise<CheckReport> {
  const { store, settings, now } = deps;
  const before = store.state();
  const previous = previousReading(store, before.lastCheck);
  const seen = await observe(deps);
  // A cron run's `now` is its scheduled minute; what finished until the balance was read counts as explained.
  const readAt = Math.max(now, Date.now());
  const figures =
    seen.ok && previous && deps.spend
      ? spendFigures(previous.at, previous.balance, seen.balance, deps.spend.explain(previous.at, readAt))
      : undefined;
  if (figures) deps.spend?.note(now, figures);
  const limit = settings.spend?.unattributed;
  const spend = figures && limit ? { ...figures, limit } : undefined;
  const { state, alerts } = evaluate(before.alert, seen, settings.monitor, now, messageId, spend);
  store.record({
    ...(seen.ok ? { sample: [Math.floor(now / 1000), seen.balance] as [number, number] } : {}),
    alert: state,
    lastCheck: seen.ok
      ? { at: now, ok: true, balance: seen.balance }
      : { at: now, ok: false, balance: null, error: seen.error },
    alerts,
    queue: Boolean(settings.webhook.url),
    now,
  });
  const { delivered, dropped } = await flushPending(deps);

  const projection = seen.ok ? seen.forecast : { burnRatePerHour: null, projectedDepletionAt: null };
  return {
    checkedAt: new Date(now).toISOString(),
    ok: seen.ok,
    balance: seen.ok ? seen.balance : null,
    ...(seen.ok ? {} : { error: seen.error }),
    state: state.level,
    burnRatePerHour: projection.burnRatePerHour,
    projectedDepletionAt: iso(projection.projectedDepletionAt),
    raised: alerts.map(({ id, type }) => ({ id, type })),
    delivered,
    dropped,
    pending: store.pending().length,
    webhook: settings.webhook.url ? "configured" : "not configured",
    saved: true,
    reused: false,
  };
}

/**
 * The last check's result, for a manual check asked within `MONITOR_CHECK_MIN_INTERVAL_S` of it: nothing asked of
 * kie.ai, nothing written.
 *
 * @example
 * ```ts
 * if (last && now - last.at < interval) return lastReport(store, settings)
 * ```
 */
export function lastReport(store: MonitorStore, settings: CheckSettings): CheckReport | undefined {
  const { alert, lastCheck: last } = store.state();
  if (!last) return undefined;
  const window = store.samplesSince(last.at - settings.monitor.burnWindowHours * 3_600_000);
  const projection = forecast(window, settings.monitor.burnWindowHours, last.at);
  return {
    checkedAt: new Date(last.at).toISOString(),
    ok: last.ok,
    balance: last.balance,
    ...(last.error === undefined ? {} : { error: last.error }),
    state: alert.level,
    burnRatePerHour: last.ok ? projection.burnRatePerHour : null,
    projectedDepletionAt: last.ok ? iso(projection.projectedDepletionAt) : null,
    raised: [],
    delivered: [],
    dropped: [],
    pending: store.pending().length,
    webhook: settings.webhook.url ? "configured" : "not configured",
    saved: true,
    reused: true,
  };
}

// The last balance read and when, to the millisecond (samples keep whole seconds): the last check's when it read one,
// else the last sample.
function previousReading(store: MonitorStore, last: LastCheck | null): { at: number; balance: number } | undefined {
  if (last?.ok && last.balance !== null) return { at: last.at, balance: last.balance };
  const sample = store.lastSample();
  return sample && { at: sample[0] * 1000, balance: sample[1] };
}

async function observe(deps: CheckDeps): Promise<Observation> {
  const { monitor } = deps.settings;
  try {
    const { data: balance } = await deps.kie.credit();
    // The burn-rate window, read from SQL, plus the sample being taken (not yet written).
    const window = deps.store.samplesSince(deps.now - monitor.burnWindowHours * 3_600_000);
    const samples: [number, number][] = [...window, [Math.floor(deps.now / 1000), balance]];
    return { ok: true, balance, forecast: forecast(samples, monitor.burnWindowHours, deps.now) };
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    return { ok: false, error: err.message };
  }
}

/**
 * Sends pending alerts oldest first, each keeping its id. One that still fails after this round's attempts stays
 * pending, and so do the ones after it (the receiver is down; order is kept). Pending alerts are dropped, logged
 * with the reason and shown as dropped, when they are older than `ALERT_MAX_AGE_HOURS`, or at once when the
 * webhook has been removed from the configuration: nothing waits for a receiver that will never come.
 *
 * @example
 * ```ts
 * const { delivered, dropped, waiting } = await flushPending({ store, settings, now: Date.now() })
 * ```
 */
export function flushPending(
  deps: Pick<CheckDeps, "store" | "settings" | "now" | "clock">,
): Promise<{ delivered: string[]; dropped: string[]; waiting?: { rounds: number } }> {
  // One flush at a time per store: a check's, the alarm's and a raise's never send the same alert twice.
  const run = (flushing.get(deps.store) ?? Promise.resolve()).catch(() => {}).then(() => flushOnce(deps));
  flushing.set(deps.store, run);
  return run;
}

const flushing = new WeakMap<MonitorStore, Promise<unknown>>();

/**
 * Raises alerts that no check decided — a caller's budget passed — with the monitor's latest balance and state,
 * queued for the webhook like any other (or recorded as not sent without one). Deliver them with `flushPending`.
 *
 * @example
 * ```ts
 * raise({ store, settings, now }, [{ type: "budget.exhausted", data: { caller: "web", budget } }])
 * ```
 */
export function raise(
  deps: Pick<CheckDeps, "store" | "settings" | "now">,
  raised: { type: AlertType; data: Pick<AlertData, "caller" | "budget"> }[],
): Alert[] {
  const { alert: state, lastCheck } = deps.store.state();
  const alerts = raised.map(({ type, data }) => ({
    id: messageId(),
    type,
    createdAt: deps.now,
    data: {
      balance: lastCheck?.balance ?? null,
      state: state.level,
      thresholds: { warn: deps.settings.monitor.warnThreshold, critical: deps.settings.monitor.criticalThreshold },
      burnRatePerHour: null,
      projectedDepletionAt: null,
      consecutiveFailures: state.failures,
      ...data,
    },
  }));
  deps.store.add(alerts, Boolean(deps.settings.webhook.url), deps.now);
  return alerts;
}

async function flushOnce(
  deps: Pick<CheckDeps, "store" | "settings" | "now" | "clock">,
): Promise<{ delivered: string[]; dropped: string[]; waiting?: { rounds: number } }> {
  const { store, now } = deps;
  const { webhook } = deps.settings;
  const delivered: string[] = [];
  const dropped: string[] = [];
  const url = webhook.url;
  for (const alert of store.pending()) {
    const reason = !url
      ? "ALERT_WEBHOOK_URL is no longer set"
      : now - alert.createdAt > webhook.maxAgeMs
        ? "still undelivered after ALERT_MAX_AGE_HOURS"
        : undefined;
    if (reason) {
      console.error({
        level: "error",
        msg: "alert_dropped",
        id: alert.id,
        type: alert.type,
        reason,
        attempts: alert.attempts,
        lastError: alert.lastError,
      });
      store.finish(alert.id, "dropped", now);
      dropped.push(alert.id);
      continue;
    }
    if (!url) continue;
    const result = await deliver(alert, { ...webhook, url }, deps.clock);
    if (!result.ok) {
      store.failed(alert.id, result.attempts, result.error);
      console.warn({
        level: "warn",
        msg: "alert_pending",
        id: alert.id,
        type: alert.type,
        attempts: alert.attempts + result.attempts,
        lastError: result.error,
      });
      return { delivered, dropped, waiting: { rounds: alert.rounds + 1 } };
    }
    store.finish(alert.id, "delivered", now, result.attempts);
    delivered.push(alert.id);
  }
  return { delivered, dropped };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
