import * as z from "zod/mini";
import { decimal, integer, oneOf, refuse } from "./fields";
import { isLoopback } from "./urls";

/** The formats a webhook can take. */
export const WEBHOOK_FORMATS = ["json", "slack", "discord"] as const;

/** How alerts reach people. */
export interface WebhookSettings {
  /** Unset: monitoring still runs and records history; alerts are only recorded. */
  url?: string;
  format: (typeof WEBHOOK_FORMATS)[number];
  /** The Standard Webhooks signing key, decoded from `whsec_…`. */
  signingKey?: Uint8Array;
  /** The secret as configured, only so it can be redacted wherever text might carry it. */
  secretText?: string;
  timeoutMs: number;
  retryBackoffMs: number;
  /** Undelivered alerts older than this are dropped (and logged). */
  maxAgeMs: number;
  /** The coordinator's alarm retries an undelivered alert this soon, then twice as long each time (up to 10 min). */
  redeliverMs: number;
}

/** What the credit monitor watches for. */
export interface MonitorSettings {
  warnThreshold: number;
  criticalThreshold: number;
  /** Recovery needs the balance this fraction above a threshold, so a balance hovering at it does not flap. */
  recoveryMargin: number;
  forecastHours: number;
  burnWindowHours: number;
  /** 0: never remind. */
  repeatHours: number;
  failuresBeforeAlert: number;
  /** A manual check this soon after the last check answers that check's result (0: always check). */
  checkMinIntervalMs: number;
}

/**
 * The monitor's and the webhook's settings, by environment name.
 */
export const monitorShape = {
  CREDIT_WARN_THRESHOLD: decimal({ min: 0, max: 1e12, fallback: 100 }),
  CREDIT_CRITICAL_THRESHOLD: decimal({ min: 0, max: 1e12, fallback: 20 }),
  RECOVERY_MARGIN_PERCENT: integer({ min: 0, max: 100, fallback: 10 }),
  FORECAST_HOURS: integer({ min: 0, max: 24 * 30, fallback: 24 }),
  BURN_WINDOW_HOURS: integer({ min: 1, max: 24 * 7, fallback: 24 }),
  ALERT_REPEAT_HOURS: integer({ min: 0, max: 24 * 30, fallback: 24 }),
  CHECK_FAILURES_BEFORE_ALERT: integer({ min: 1, max: 100, fallback: 3 }),
  MONITOR_CHECK_MIN_INTERVAL_S: integer({ min: 0, max: 3600, fallback: 30 }),
  ALERT_WEBHOOK_URL: z.transform((value: unknown, ctx): string | undefined => {
    if (value === undefined || (typeof value === "string" && !value.trim())) return undefined;
    const url = typeof value === "string" && URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
    if (url?.protocol === "https:" || (url?.protocol === "http:" && isLoopback(url))) return url.href;
    return refuse(ctx, "must be an https URL (plain http only to 127.0.0.1 or localhost)");
  }),
  ALERT_WEBHOOK_FORMAT: oneOf(["auto", ...WEBHOOK_FORMATS], "auto"),
  ALERT_WEBHOOK_SECRET: z.transform((value: unknown, ctx): { key: Uint8Array; text: string } | undefined => {
    if (value === undefined || (typeof value === "string" && !value.trim())) return undefined;
    const text = typeof value === "string" ? value.trim() : "";
    const key = decodeSigningSecret(text);
    return key ? { key, text } : refuse(ctx, "must be whsec_ followed by a base64 key of at least 24 bytes");
  }),
  ALERT_WEBHOOK_TIMEOUT_MS: integer({ min: 100, max: 30_000, fallback: 5_000 }),
  ALERT_RETRY_BACKOFF_MS: integer({ min: 0, max: 30_000, fallback: 1_000 }),
  ALERT_MAX_AGE_HOURS: integer({ min: 1, max: 24 * 14, fallback: 24 }),
  ALERT_REDELIVER_SECONDS: integer({ min: 1, max: 600, fallback: 10 }),
};

type MonitorEnv = { [K in keyof typeof monitorShape]: z.output<(typeof monitorShape)[K]> };

/**
 * Cross-setting checks zod cannot see field by field.
 */
export function monitorProblems(s: MonitorEnv): string[] {
  return s.CREDIT_CRITICAL_THRESHOLD < s.CREDIT_WARN_THRESHOLD
    ? []
    : ["CREDIT_CRITICAL_THRESHOLD must be below CREDIT_WARN_THRESHOLD"];
}

/**
 * The parsed monitor and webhook settings.
 */
export function monitorSettings(s: MonitorEnv): { monitor: MonitorSettings; webhook: WebhookSettings } {
  return {
    monitor: {
      warnThreshold: s.CREDIT_WARN_THRESHOLD,
      criticalThreshold: s.CREDIT_CRITICAL_THRESHOLD,
      recoveryMargin: s.RECOVERY_MARGIN_PERCENT / 100,
      forecastHours: s.FORECAST_HOURS,
      burnWindowHours: s.BURN_WINDOW_HOURS,
      repeatHours: s.ALERT_REPEAT_HOURS,
      failuresBeforeAlert: s.CHECK_FAILURES_BEFORE_ALERT,
      checkMinIntervalMs: s.MONITOR_CHECK_MIN_INTERVAL_S * 1000,
    },
    webhook: {
      url: s.ALERT_WEBHOOK_URL,
      format: s.ALERT_WEBHOOK_FORMAT === "auto" ? detectFormat(s.ALERT_WEBHOOK_URL) : s.ALERT_WEBHOOK_FORMAT,
      signingKey: s.ALERT_WEBHOOK_SECRET?.key,
      secretText: s.ALERT_WEBHOOK_SECRET?.text,
      timeoutMs: s.ALERT_WEBHOOK_TIMEOUT_MS,
      retryBackoffMs: s.ALERT_RETRY_BACKOFF_MS,
      maxAgeMs: s.ALERT_MAX_AGE_HOURS * 3_600_000,
      redeliverMs: s.ALERT_REDELIVER_SECONDS * 1000,
    },
  };
}

function detectFormat(url: string | undefined): WebhookSettings["format"] {
  if (!url) return "json";
  const { hostname, pathname } = new URL(url);
  if (hostname === "hooks.slack.com") return "slack";
  if (/^(ptb\.|canary\.)?discord(app)?\.com$/.test(hostname) && pathname.startsWith("/api/webhooks/")) return "discord";
  return "json";
}

/** The key bytes of a `whsec_…` secret, or undefined when it is not one (or under 24 bytes). */
export function decodeSigningSecret(secret: string): Uint8Array | undefined {
  if (!secret.startsWith("whsec_")) return undefined;
  try {
    const bytes = Uint8Array.from(atob(secret.slice("whsec_".length)), (c) => c.charCodeAt(0));
    return bytes.length >= 24 ? bytes : undefined;
  } catch {
    return undefined;
  }
}
