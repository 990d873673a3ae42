import type { Config } from "../config";
import { forecast } from "./forecast";
import type { MonitorStatus } from "./report";
import type { MonitorDoc } from "./store";

/**
 * What `GET /api/v1/monitor/status` shows: the last balance and when, the state, thresholds, burn rate and
 * projected depletion (computed now from the history), consecutive failures, the last alert sent, and what is
 * still pending. Never the webhook URL or secret.
 *
 * @example
 * ```ts
 * return success(c, monitorStatus(await loadMonitor(env.STORE), config, Date.now()))
 * ```
 */
export function monitorStatus(doc: MonitorDoc, config: Config, now: number): MonitorStatus {
  const { burnRatePerHour, projectedDepletionAt } = forecast(doc.samples, config.monitor.burnWindowHours, now);
  const lastSent = doc.recent.findLast((r) => r.outcome === "delivered");
  return {
    lastBalance: doc.lastCheck?.balance ?? doc.samples.at(-1)?.[1] ?? null,
    lastCheckAt: doc.lastCheck ? new Date(doc.lastCheck.at).toISOString() : null,
    lastCheckOk: doc.lastCheck?.ok ?? null,
    state: doc.alert.level,
    thresholds: { warn: config.monitor.warnThreshold, critical: config.monitor.criticalThreshold },
    burnRatePerHour,
    projectedDepletionAt: projectedDepletionAt === null ? null : new Date(projectedDepletionAt).toISOString(),
    consecutiveFailures: doc.alert.failures,
    lastAlertSent: lastSent ? { id: lastSent.id, type: lastSent.type, at: new Date(lastSent.at).toISOString() } : null,
    recentAlerts: doc.recent.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      at: new Date(r.at).toISOString(),
    })),
    pendingAlerts: doc.pending.map((p) => ({
      id: p.id,
      type: p.type,
      attempts: p.attempts,
      lastError: p.lastError ?? null,
    })),
    webhook: {
      configured: Boolean(config.webhook.url),
      format: config.webhook.format,
      signed: Boolean(config.webhook.signingKey),
    },
    samples: doc.samples.length,
  };
}
