import type { Config } from "../config";
import type { Clock } from "../net";
import { type KieClient, UpstreamError } from "../upstream";
import { type Alert, evaluate, type Observation } from "./alerts";
import { forecast } from "./forecast";
import { appendSample } from "./history";
import type { AlertRecord } from "./model";
import type { CheckReport } from "./report";
import { loadMonitor, type MonitorDoc, saveMonitor } from "./store";
import { deliver } from "./webhook/deliver";

/** What a check needs. */
export interface CheckDeps {
  config: Config;
  kv: KVNamespace;
  kie: KieClient;
  /** Epoch ms the check counts as; a cron run passes its scheduled time. */
  now: number;
  /** For the waits between delivery attempts. */
  clock?: Clock;
}

/**
 * One credit check, the same for the cron trigger and `POST /api/v1/monitor/check`: read the balance through the
 * upstream client (retries, timeout), add it to the history, decide what it means, deliver what is due (new
 * alerts and those still pending from earlier runs), and save the state in one KV write. A failed balance read is
 * an observation too: it counts towards `monitor.check_failed`.
 *
 * @example
 * ```ts
 * const report = await runCheck({ config, kv: env.STORE, kie: kieFor(config), now: controller.scheduledTime })
 * ```
 */
export async function runCheck(deps: CheckDeps, loaded?: MonitorDoc): Promise<CheckReport> {
  const { config, now } = deps;
  const doc = loaded ?? (await loadMonitor(deps.kv));
  const seen = await observe(doc, deps);
  const { state, alerts } = evaluate(doc.alert, seen, config.monitor, now, newAlertId);
  doc.alert = state;
  doc.lastCheck = seen.ok
    ? { at: now, ok: true, balance: seen.balance }
    : { at: now, ok: false, balance: null, error: seen.error };

  if (config.webhook.url) doc.pending.push(...alerts.map((alert) => ({ ...alert, attempts: 0 })));
  else doc.recent.push(...alerts.map((a) => outcomeOf(a, "not_sent", now)));
  const { delivered, dropped } = await flushPending(doc, deps);
  const saved = await saveMonitor(deps.kv, doc).then(
    () => true,
    () => {
      console.error({ level: "error", msg: "monitor_state_not_saved" });
      return false;
    },
  );

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
    pending: doc.pending.length,
    webhook: config.webhook.url ? "configured" : "not configured",
    saved,
    reused: false,
  };
}

/**
 * `POST /api/v1/monitor/check`: the cron's check on demand, but never more often than
 * `MONITOR_CHECK_MIN_INTERVAL_S` — within it, the last check's result is answered without asking kie.ai or
 * writing KV (each check is a sample and a KV write, and the free plan allows 1,000 writes a day) — and
 * concurrent asks share the check under way in `slot` (the isolate's).
 *
 * @example
 * ```ts
 * const report = await runManualCheck({ config, kv: env.STORE, kie, now: Date.now() }, isolate.manualCheck)
 * ```
 */
export function runManualCheck(deps: CheckDeps, slot: { running?: Promise<CheckReport> }): Promise<CheckReport> {
  slot.running ??= manualCheck(deps).finally(() => {
    slot.running = undefined;
  });
  return slot.running;
}

async function manualCheck(deps: CheckDeps): Promise<CheckReport> {
  const doc = await loadMonitor(deps.kv);
  const last = doc.lastCheck;
  if (last && deps.now - last.at < deps.config.monitor.checkMinIntervalMs) return lastReport(doc, last, deps.config);
  return runCheck(deps, doc);
}

function lastReport(doc: MonitorDoc, last: NonNullable<MonitorDoc["lastCheck"]>, config: Config): CheckReport {
  const projection = forecast(doc.samples, config.monitor.burnWindowHours, last.at);
  return {
    checkedAt: new Date(last.at).toISOString(),
    ok: last.ok,
    balance: last.balance,
    ...(last.error === undefined ? {} : { error: last.error }),
    state: doc.alert.level,
    burnRatePerHour: last.ok ? projection.burnRatePerHour : null,
    projectedDepletionAt: last.ok ? iso(projection.projectedDepletionAt) : null,
    raised: [],
    delivered: [],
    dropped: [],
    pending: doc.pending.length,
    webhook: config.webhook.url ? "configured" : "not configured",
    saved: true,
    reused: true,
  };
}

async function observe(doc: MonitorDoc, deps: CheckDeps): Promise<Observation> {
  try {
    const { data: balance } = await deps.kie.credit();
    doc.samples = appendSample(doc.samples, [Math.floor(deps.now / 1000), balance], deps.now);
    return { ok: true, balance, forecast: forecast(doc.samples, deps.config.monitor.burnWindowHours, deps.now) };
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    return { ok: false, error: err.message };
  }
}

/**
 * Sends pending alerts oldest first. One that still fails after this run's attempts stays pending, and so do the
 * ones after it (the receiver is down; order is kept). One older than `ALERT_MAX_AGE_HOURS` is dropped and
 * logged with the reason — also when the webhook has been removed from the configuration, so nothing waits for a
 * receiver that will never come.
 */
async function flushPending(doc: MonitorDoc, deps: CheckDeps): Promise<{ delivered: string[]; dropped: string[] }> {
  const { webhook } = deps.config;
  const dropped = dropExpired(doc, deps.now, webhook);
  const delivered: string[] = [];
  const url = webhook.url;
  while (url && doc.pending.length > 0) {
    const alert = doc.pending[0] as (typeof doc.pending)[number];
    const result = await deliver(alert, { ...webhook, url }, deps.clock);
    alert.attempts += result.attempts;
    if (!result.ok) {
      alert.lastError = result.error;
      console.warn({
        level: "warn",
        msg: "alert_pending",
        id: alert.id,
        type: alert.type,
        attempts: alert.attempts,
        lastError: result.error,
      });
      break;
    }
    doc.pending.shift();
    doc.recent.push(outcomeOf(alert, "delivered", deps.now));
    delivered.push(alert.id);
  }
  return { delivered, dropped };
}

function dropExpired(doc: MonitorDoc, now: number, webhook: CheckDeps["config"]["webhook"]): string[] {
  const reason = webhook.url
    ? "still undelivered after ALERT_MAX_AGE_HOURS"
    : "ALERT_WEBHOOK_URL is no longer set, and ALERT_MAX_AGE_HOURS has passed";
  const expired = doc.pending.filter((alert) => now - alert.createdAt > webhook.maxAgeMs);
  for (const alert of expired) {
    console.error({
      level: "error",
      msg: "alert_dropped",
      id: alert.id,
      type: alert.type,
      reason,
      attempts: alert.attempts,
      lastError: alert.lastError,
    });
    doc.recent.push(outcomeOf(alert, "dropped", now));
  }
  doc.pending = doc.pending.filter((alert) => !expired.includes(alert));
  return expired.map((alert) => alert.id);
}

function outcomeOf(alert: Alert, outcome: AlertRecord["outcome"], at: number): AlertRecord {
  return { id: alert.id, type: alert.type, createdAt: alert.createdAt, outcome, at };
}

function newAlertId(): string {
  return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
