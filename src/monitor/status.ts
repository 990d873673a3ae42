import type { CheckSettings } from "./check";
import { forecast } from "./forecast";
import type { MonitorStatus } from "./report";
import type { MonitorStore } from "./sql-store";

/**
 * What `GET /api/v1/monitor/status` shows: the last balance and when, the state, thresholds, burn rate and
 * projected depletion (computed now from the samples in the window), consecutive failures, the last alert sent,
 * and what is still pending. Never the webhook URL or secret.
 *
 * @example
 * ```ts
 * const status = monitorStatus(store, settings, Date.now())
 * ```
 */
export function monitorStatus(store: MonitorStore, settings: CheckSettings, now: number): MonitorStatus {
  const { monitor, webhook } = settings;
  const { alert, lastCheck } = store.state();
  const window = store.samplesSince(now - monitor.burnWindowHours * 3_600_000);
  const { burnRatePerHour, projectedDepletionAt } = forecast(window, monitor.burnWindowHours, now);
  const recent = store.recent();
  const lastSent = recent.findLast((r) => r.outcome === "delivered");
  return {
    lastBalance: lastCheck?.balance ?? store.lastSample()?.[1] ?? null,
    lastCheckAt: lastCheck ? new Date(lastCheck.at).toISOString() : null,
    lastCheckOk: lastCheck?.ok ?? null,
    state: alert.level,
    thresholds: { warn: monitor.warnThreshold, critical: monitor.criticalThreshold },
    burnRatePerHour,
    projectedDepletionAt: projectedDepletionAt === null ? null : new Date(projectedDepletionAt).toISOString(),
    consecutiveFailures: alert.failures,
    lastAlertSent: lastSent ? { id: lastSent.id, type: lastSent.type, at: new Date(lastSent.at).toISOString() } : null,
    recentAlerts: recent.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      at: new Date(r.at).toISOString(),
    })),
    pendingAlerts: store.pending().map((p) => ({
      id: p.id,
      type: p.type,
      attempts: p.attempts,
      lastError: p.lastError ?? null,
    })),
    webhook: { configured: Boolean(webhook.url), format: webhook.format, signed: Boolean(webhook.signingKey) },
    samples: store.sampleCount(),
  };
}
