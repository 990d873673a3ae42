import * as z from "zod/mini";
import { CALLER_NAME, MODEL_PATTERN } from "../config";
import { FileUrlInput, MAX_FILE_URL_LENGTH } from "../links";
import { BudgetFigures } from "../monitor";

export { CheckReport, MonitorStatus } from "../monitor";

// The contract of kie-edge's routes, once: request schemas validate what callers send, response schemas type
// what the routes return (their types are derived from here) and become /openapi.json. Tests check real
// responses against them.

const iso = () => z.iso.datetime();

/** `POST /api/v1/common/download-url` body. */
export const DownloadUrlBody = z.object({ url: FileUrlInput }, { error: "the body must be a JSON object with a url" });

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
export function Success<T extends z.ZodMiniType>(data: T) {
  return z.object({ code: z.literal(200), msg: z.string(), data });
}

export const Balance = z.number();
export const Link = z.string().check(z.url());

/** One answer of a batch, in the position of its input. */
export const BatchItem = z.union([
  z.object({
    url: z.unknown(),
    data: z.string(),
    cached: z.boolean(),
    expiresAt: iso(),
    servedFrom: z.optional(z.literal("archive")),
  }),
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

export const HistorySample = z.object({ at: iso(), balance: z.number() });

/** Any carried family endpoint's answer: kie.ai's own envelope, with its own code and data. */
export const KieEnvelope = z.looseObject({
  code: z.int(),
  msg: z.optional(z.string()),
  message: z.optional(z.string()),
  data: z.unknown(),
});

const TaskCounts = { inFlight: z.number(), succeeded: z.number(), failed: z.number() };
export const TaskSummary = z.object({
  since: iso(),
  callers: z.array(
    z.object({ caller: z.string(), ...TaskCounts, families: z.record(z.string(), z.object(TaskCounts)) }),
  ),
});
const UsageRow = z.object({
  day: z.optional(z.string()),
  caller: z.optional(z.string()),
  family: z.optional(z.string()),
  model: z.optional(z.string()),
  tasks: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  inFlight: z.number(),
  credits: z.number(),
  reportedCredits: z.number(),
  estimatedCredits: z.number(),
  unknownTasks: z.number(),
  reserved: z.number(),
});
export const Usage = z.object({
  from: iso(),
  to: iso(),
  groupBy: z.array(z.enum(["day", "caller", "family", "model"])),
  rows: z.array(UsageRow),
  unattributed: z.array(z.object({ day: z.string(), credits: z.number() })),
});
const BudgetUse = z.nullable(BudgetFigures);
export const Budgets = z.array(z.object({ caller: z.string(), daily: BudgetUse, monthly: BudgetUse }));
export const CallbackSecret = z.object({ secret: z.string().check(z.startsWith("whsec_")) });

/** kie.ai's upload answer, passed through as it comes. */
export const UploadResult = z.looseObject({
  success: z.optional(z.boolean()),
  code: z.int(),
  msg: z.optional(z.string()),
  data: z.optional(z.unknown()),
});

/** kie.ai's callback body (Market tasks), and the relay's, which keeps its shape. */
export const CallbackBody = z.looseObject({
  code: z.int(),
  msg: z.optional(z.string()),
  data: z.optional(z.unknown()),
});

// Caller keys (src/keys, src/routes/keys.ts).

const NOTE = /^\P{Cc}{0,200}$/u;
const keyCredits = z
  .number({ error: "budgets must be numbers of credits" })
  .check(z.positive({ error: "budgets must be positive numbers of credits" }));
const KeyBudgets = z.strictObject(
  { daily: z.optional(keyCredits), monthly: z.optional(keyCredits) },
  { error: 'budgets must be {"daily": <credits>, "monthly": <credits>}, each optional' },
);
const KeyTier = z.enum(["standard", "high"], { error: "tier must be standard or high" });

/** `POST /api/v1/keys` body: a new key for a caller, and its own scope. */
export const KeyCreateBody = z.strictObject(
  {
    caller: z
      .string({ error: "caller must be a caller name" })
      .check(z.regex(CALLER_NAME, { error: "caller must be a caller name: 1–64 of A-Z a-z 0-9 _ . -" })),
    expiresAt: z.optional(
      z.iso.datetime({ offset: true, error: "expiresAt must be an ISO date-time with a zone (2027-01-31T00:00:00Z)" }),
    ),
    note: z.optional(
      z
        .string({ error: "note must be a string" })
        .check(z.regex(NOTE, { error: "note must be at most 200 characters, with no control characters" })),
    ),
    models: z.optional(
      z
        .array(
          z.string({ error: "models must be model patterns" }).check(
            z.regex(MODEL_PATTERN, {
              error: "models must be model patterns: a name, a prefix* (veo/*) or *, of A-Z a-z 0-9 . _ - / :",
            }),
          ),
          { error: "models must be a list of model patterns" },
        )
        .check(
          z.minLength(1, { error: "models must list 1 to 100 patterns (leave it out for every model)" }),
          z.maxLength(100, { error: "models must list 1 to 100 patterns (leave it out for every model)" }),
        ),
    ),
    budgets: z.optional(KeyBudgets),
    tier: z.optional(KeyTier),
    admin: z.optional(z.boolean({ error: "admin must be true or false" })),
  },
  { error: "the body must be a JSON object: {caller, expiresAt?, note?, models?, budgets?, tier?, admin?}" },
);

/** `POST /api/v1/keys/{id}/rotate` body (or none). */
export const KeyRotateBody = z.strictObject(
  {
    graceSeconds: z.optional(
      z
        .int({ error: "graceSeconds must be a whole number of seconds from 0 to 604800 (7 days)" })
        .check(
          z.minimum(0, { error: "graceSeconds must be a whole number of seconds from 0 to 604800 (7 days)" }),
          z.maximum(604_800, { error: "graceSeconds must be a whole number of seconds from 0 to 604800 (7 days)" }),
        ),
    ),
  },
  { error: "the body must be a JSON object: {graceSeconds?}" },
);

/** `POST /api/v1/keys/{id}/revoke` body (or none). */
export const KeyRevokeBody = z.strictObject(
  {
    reason: z.optional(
      z
        .string({ error: "reason must be a string" })
        .check(z.regex(NOTE, { error: "reason must be at most 200 characters, with no control characters" })),
    ),
  },
  { error: "the body must be a JSON object: {reason?}" },
);

/**
 * The key routes' answers, as /openapi.json and the tests see them. Built on demand: the Worker never needs them, and
 * zod schemas made at a module's top level stay in the bundle (their constructors are calls) — 1 KiB gzip here.
 *
 * @example
 * ```ts
 * z.safeParse(Success(keySchemas().KeyList), body)
 * ```
 */
export function keySchemas() {
  const nullableIso = () => z.nullable(iso());
  /** A key as lists show it: everything but a secret. */
  const KeyView = z.object({
    id: z.string(),
    prefix: z.string().check(z.startsWith("ke_")),
    caller: z.string(),
    note: z.nullable(z.string()),
    models: z.nullable(z.array(z.string())),
    budgets: z.nullable(z.object({ daily: z.optional(z.number()), monthly: z.optional(z.number()) })),
    tier: KeyTier,
    admin: z.boolean(),
    createdAt: iso(),
    createdBy: z.string(),
    lastUsedAt: nullableIso(),
    expiresAt: nullableIso(),
    state: z.enum(["active", "expired", "revoked"]),
    rotatedAt: nullableIso(),
    graceUntil: nullableIso(),
    revokedAt: nullableIso(),
    revokedReason: z.nullable(z.string()),
  });
  return {
    KeyView,
    /** A key just made: its view and its secret, shown this once. */
    CreatedKey: z.extend(KeyView, { key: z.string().check(z.startsWith("ke_")) }),
    /** Keys, and who asked: the caller, the key it used (null: a PROXY_TOKENS token), whether it manages keys. */
    KeyList: z.object({
      keys: z.array(KeyView),
      you: z.object({ caller: z.string(), keyId: z.nullable(z.string()), admin: z.boolean() }),
    }),
    RotatedKey: z.object({
      id: z.string(),
      key: z.string().check(z.startsWith("ke_")),
      prefix: z.string(),
      graceUntil: iso(),
    }),
    RevokedKey: z.object({ id: z.string(), state: z.literal("revoked"), revokedAt: iso() }),
    KeyAudit: z.object({
      entries: z.array(
        z.object({
          at: iso(),
          actor: z.string(),
          action: z.enum(["create", "rotate", "revoke"]),
          keyId: z.string(),
          requestId: z.string(),
          outcome: z.enum(["done", "refused"]),
          reason: z.optional(z.string()),
        }),
      ),
    }),
  };
}

/**
 * The archive's answers (`/api/v1/archive…`, `/api/v1/usage/storage`), built only when asked — for the OpenAPI
 * document and the tests that hold answers to it — so the Worker carries none of them.
 *
 * @example
 * ```ts
 * z.safeParse(Success(archiveSchemas().ArchiveListing), body)
 * ```
 */
export function archiveSchemas() {
  const ArchivedFile = z.object({
    index: z.int(),
    state: z.enum(["pending", "archived", "failed", "over-quota", "expired"]),
    size: z.nullable(z.int()),
    contentType: z.nullable(z.string()),
    sha256: z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
    archivedAt: z.nullable(iso()),
    expiresAt: z.nullable(iso()),
    reason: z.optional(z.string()),
  });
  const ArchiveListing = z.object({ taskId: z.string(), family: z.string(), files: z.array(ArchivedFile) });
  const ArchiveRecent = z.object({
    tasks: z.array(
      z.object({ taskId: z.string(), caller: z.string(), family: z.string(), files: z.array(ArchivedFile) }),
    ),
  });
  const StorageUse = z.object({
    from: iso(),
    to: iso(),
    days: z.array(z.object({ caller: z.string(), day: z.iso.date(), storedBytes: z.int(), servedBytes: z.int() })),
    callers: z.array(z.object({ caller: z.string(), bytes: z.int(), files: z.int(), quota: z.nullable(z.int()) })),
  });
  return { ArchivedFile, ArchiveListing, ArchiveRecent, StorageUse };
}
