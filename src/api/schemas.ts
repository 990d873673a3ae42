import * as z from "zod/mini";
import { MAX_FILE_URL_LENGTH } from "../links";
import { BudgetFigures } from "../monitor";
import { KeyTier } from "./bodies";

export { CheckReport, MonitorStatus } from "../monitor";
export * from "./bodies";

// The contract of kie-edge's routes, once: the request bodies (./bodies, which the routes validate with) and the
// response schemas, which type what the routes return and become /openapi.json; tests check real responses against
// them. The Worker never imports this file: zod schemas made at a module's top level stay in a bundle (their
// constructors are calls), and these 1.4 KiB gzip are needed only by `npm run openapi` and the tests.

const iso = () => z.iso.datetime();

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

/**
 * The key routes' answers, as /openapi.json and the tests see them.
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
