import * as z from "zod/mini";

// The monitor's data, defined once: each schema checks what is read back from storage, and each TypeScript type
// is derived from its schema. The API's response schemas (./report.ts) and the alert logic use these.

/** Where the balance stands against the thresholds. */
export const LEVELS = ["ok", "low", "critical"] as const;
export const Level = z.enum(LEVELS);
export type Level = z.output<typeof Level>;

/** Everything kie-edge ever tells a webhook. */
export const ALERT_TYPES = [
  "credits.low",
  "credits.critical",
  "credits.recovered",
  "credits.depletion_forecast",
  "credits.reminder",
  "monitor.check_failed",
  "monitor.check_recovered",
  "budget.threshold",
  "budget.exhausted",
  "credits.unattributed_spend",
] as const;
export const AlertType = z.enum(ALERT_TYPES);
export type AlertType = z.output<typeof AlertType>;

/** What became of an alert. */
export const OUTCOMES = ["delivered", "dropped", "not_sent"] as const;

/** One balance reading: `[epoch seconds, balance]`, compact because a week of them is stored at once. */
export type Sample = [at: number, balance: number];
// A pair of numbers (z.tuple would cost the bundle a quarter KiB for the same check).
export const Sample = z.array(z.number()).check(z.length(2)) as unknown as z.ZodMiniType<Sample>;

/** Where a caller stands against one budget: its period (UTC) and figures, in credits. */
export const BudgetFigures = z.object({
  period: z.enum(["daily", "monthly"]),
  key: z.string(),
  limit: z.number(),
  spent: z.number(),
  reserved: z.number(),
  left: z.number(),
  resetsAt: z.iso.datetime(),
});

/** What an alert says, fixed when it is raised so every retry sends the same body. */
export const AlertData = z.object({
  balance: z.nullable(z.number()),
  state: Level,
  thresholds: z.object({ warn: z.number(), critical: z.number() }),
  burnRatePerHour: z.nullable(z.number()),
  projectedDepletionAt: z.nullable(z.string()),
  consecutiveFailures: z.int(),
  error: z.optional(z.string()),
  /** Budget alerts: whose budget, and where it stands. */
  caller: z.optional(z.string()),
  budget: z.optional(BudgetFigures),
  /** Unattributed spend: the balance's drop since `since`, what kie-edge's callers explain of it, the rest. */
  spend: z.optional(
    z.object({
      since: z.string(),
      drop: z.number(),
      recorded: z.number(),
      inFlight: z.number(),
      unexplained: z.number(),
    }),
  ),
});
export type AlertData = z.output<typeof AlertData>;

/** An alert: `id` is stable across every retry, so receivers can de-duplicate; `createdAt` is epoch ms. */
export const Alert = z.object({ id: z.string(), type: AlertType, createdAt: z.number(), data: AlertData });
export type Alert = z.output<typeof Alert>;

/** An alert waiting for its webhook, with how it has gone so far. */
export const PendingAlert = z.extend(Alert, { attempts: z.int(), lastError: z.optional(z.string()) });
export type PendingAlert = z.output<typeof PendingAlert>;

/** What became of an alert, and when it was delivered or given up on (epoch ms). */
export const AlertRecord = z.object({
  id: z.string(),
  type: AlertType,
  createdAt: z.number(),
  outcome: z.enum(OUTCOMES),
  at: z.number(),
});
export type AlertRecord = z.output<typeof AlertRecord>;

/**
 * The part of the monitor's state that decides what is worth saying: the level, when the last low, critical or
 * reminder alert went out (for reminders), whether a forecast alert is out, and the failed checks in a row.
 */
export const AlertState = z.object({
  level: Level,
  lastLevelAlertAt: z.nullable(z.number()),
  forecastAlerted: z.boolean(),
  failures: z.int().check(z.minimum(0)),
  checkFailedAlerted: z.boolean(),
  /** An unattributed-spend alert is out (re-armed once an interval's unexplained spend falls below half the limit). */
  unattributedAlerted: z.optional(z.boolean()),
});
export type AlertState = z.output<typeof AlertState>;

/** The last check: when, whether kie.ai answered, the balance, and the error when it did not. */
export const LastCheck = z.object({
  at: z.number(),
  ok: z.boolean(),
  balance: z.nullable(z.number()),
  error: z.optional(z.string()),
});
export type LastCheck = z.output<typeof LastCheck>;
