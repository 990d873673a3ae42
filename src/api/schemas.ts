import * as z from "zod/mini";
import { FileUrl, MAX_FILE_URL_LENGTH } from "../links/file-url";
import { ALERT_TYPES, LEVELS } from "../monitor/alerts";

// The contract of kie-edge's routes, once: request schemas validate what callers send, response schemas type
// what the routes return (their types are derived from here) and become /openapi.json. Tests check real
// responses against them.

const iso = () => z.iso.datetime();
const LEVEL = z.enum(LEVELS);
const ALERT_TYPE = z.enum(ALERT_TYPES);

/** `POST /api/v1/common/download-url` body. */
export const DownloadUrlBody = z.object({ url: FileUrl }, { error: "the body must be a JSON object with a url" });

/** Most URLs one batch takes. */
export const MAX_BATCH = 100;

/** `POST /api/v1/common/download-urls` body: each URL is checked on its own, so items are not typed here. */
export const BatchBody = z.object(
  {
    urls: z
      .array(z.unknown(), { error: "urls must be an array of file URLs" })
      .check(
        z.minLength(1, { error: `urls must hold 1 to ${MAX_BATCH} file URLs` }),
        z.maxLength(MAX_BATCH, { error: `urls must hold 1 to ${MAX_BATCH} file URLs` }),
      ),
  },
  { error: "the body must be a JSON object with urls" },
);

/** Query parameters, as documented (the routes check them with their own messages). */
export const FileQuery = z.object({ url: z.string().check(z.maxLength(MAX_FILE_URL_LENGTH)) });
export const HoursQuery = z.object({ hours: z.optional(z.int().check(z.minimum(1), z.maximum(168))) });

/** The envelope of every error: `code` equals the HTTP status, `data` is null. */
export const Failure = z.object({ code: z.int(), msg: z.string(), data: z.null() });

/** The success envelope around `data`. */
export function success<T extends z.ZodMiniType>(data: T) {
  return z.object({ code: z.literal(200), msg: z.string(), data });
}

export const Balance = z.number();
export const Link = z.string().check(z.url());

/** One answer of a batch, in the position of its input. */
export const BatchItem = z.union([
  z.object({ url: z.unknown(), data: z.string(), cached: z.boolean(), expiresAt: iso() }),
  z.object({
    url: z.unknown(),
    error: z.object({ code: z.int(), msg: z.string() }),
    cached: z.literal(false),
    expiresAt: z.null(),
  }),
]);
export type BatchItem = z.output<typeof BatchItem>;

export const Health = z.object({
  version: z.string(),
  status: z.enum(["ok", "misconfigured"]),
  problems: z.optional(z.array(z.string())),
});

/** What one credit check did. */
export const CheckReport = z.object({
  checkedAt: iso(),
  ok: z.boolean(),
  balance: z.nullable(z.number()),
  error: z.optional(z.string()),
  state: LEVEL,
  burnRatePerHour: z.nullable(z.number()),
  projectedDepletionAt: z.nullable(iso()),
  raised: z.array(z.object({ id: z.string(), type: ALERT_TYPE })),
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
  state: LEVEL,
  thresholds: z.object({ warn: z.number(), critical: z.number() }),
  burnRatePerHour: z.nullable(z.number()),
  projectedDepletionAt: z.nullable(iso()),
  consecutiveFailures: z.int(),
  lastAlertSent: z.nullable(z.object({ id: z.string(), type: ALERT_TYPE, at: iso() })),
  recentAlerts: z.array(
    z.object({
      id: z.string(),
      type: ALERT_TYPE,
      createdAt: iso(),
      outcome: z.enum(["delivered", "dropped", "not_sent"]),
      at: iso(),
    }),
  ),
  pendingAlerts: z.array(
    z.object({ id: z.string(), type: ALERT_TYPE, attempts: z.int(), lastError: z.nullable(z.string()) }),
  ),
  webhook: z.object({ configured: z.boolean(), format: z.enum(["json", "slack", "discord"]), signed: z.boolean() }),
  samples: z.int(),
});
export type MonitorStatus = z.output<typeof MonitorStatus>;

export const HistorySample = z.object({ at: iso(), balance: z.number() });
