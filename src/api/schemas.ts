import * as z from "zod/mini";
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
