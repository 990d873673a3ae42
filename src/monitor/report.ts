import * as z from "zod/mini";
import { WEBHOOK_FORMATS } from "../config";
import { AlertType, Level, OUTCOMES } from "./model";

// What the monitor answers: the schemas are the API's contract (/openapi.json is built from them, tests check
// real responses against them), and the monitor's result types are derived from them.

const iso = () => z.iso.datetime();

/** What one credit check did. */
export const CheckReport = z.object({
  checkedAt: iso(),
  ok: z.boolean(),
  balance: z.nullable(z.number()),
  error: z.optional(z.string()),
  state: Level,
  burnRatePerHour: z.nullable(z.number()),
  projectedDepletionAt: z.nullable(iso()),
  raised: z.array(z.object({ id: z.string(), type: AlertType })),
  delivered: z.array(z.string()),
  dropped: z.array(z.string()),
  pending: z.int(),
  webhook: z.enum(["configured", "not configured"]),
  /** False when KV refused the write: the next run will see the old state and may raise these alerts again. */
  saved: z.boolean(),
  /** True when a check ran less than MONITOR_CHECK_MIN_INTERVAL_S ago: this is its result, kie.ai was not asked. */
  reused: z.boolean(),
});
export type CheckReport = z.output<typeof CheckReport>;

/** The monitor's state as `/api/v1/monitor/status` shows it. */
export const MonitorStatus = z.object({
  lastBalance: z.nullable(z.number()),
  lastCheckAt: z.nullable(iso()),
  lastCheckOk: z.nullable(z.boolean()),
  state: Level,
  thresholds: z.object({ warn: z.number(), critical: z.number() }),
  burnRatePerHour: z.nullable(z.number()),
  projectedDepletionAt: z.nullable(iso()),
  consecutiveFailures: z.int(),
  lastAlertSent: z.nullable(z.object({ id: z.string(), type: AlertType, at: iso() })),
  recentAlerts: z.array(
    z.object({
      id: z.string(),
      type: AlertType,
      createdAt: iso(),
      outcome: z.enum(OUTCOMES),
      at: iso(),
    }),
  ),
  pendingAlerts: z.array(
    z.object({ id: z.string(), type: AlertType, attempts: z.int(), lastError: z.nullable(z.string()) }),
  ),
  webhook: z.object({ configured: z.boolean(), format: z.enum(WEBHOOK_FORMATS), signed: z.boolean() }),
  samples: z.int(),
});
export type MonitorStatus = z.output<typeof MonitorStatus>;
