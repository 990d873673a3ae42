import * as z from "zod/mini";
import { FileUrlInput, MAX_FILE_URL_LENGTH } from "../links";
import { BudgetFigures } from "../monitor";
import { TASK_ID } from "../upstream";

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

/** kie.ai's model ids: `family/model`, e.g. `google/imagen4-fast`. */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MODEL_MESSAGE = "model must be a kie.ai model id like family/model, at most 128 characters";

/** `POST /api/v1/jobs/createTask` body, kie.ai's own (fields beyond these are not forwarded). */
export const CreateTaskBody = z.object(
  {
    model: z
      .string({ error: MODEL_MESSAGE })
      .check(z.maxLength(128, { error: MODEL_MESSAGE }), z.regex(MODEL_ID, { error: MODEL_MESSAGE })),
    input: z.record(z.string(), z.unknown(), { error: "input must be a JSON object of the model's parameters" }),
    callBackUrl: z.optional(z.string({ error: "callBackUrl must be a string" })),
  },
  { error: "the body must be a JSON object with model and input" },
);

/** `GET /api/v1/jobs/recordInfo` query. */
export const TaskQuery = z.object({ taskId: z.string().check(z.regex(TASK_ID)) });
export { TASK_ID };

export const CreatedTask = z.object({ taskId: z.string() });

/** A task's record, as kie.ai gives it: `param` and `resultJson` are JSON strings; other fields pass through. */
export const TaskRecord = z.looseObject({
  taskId: z.string(),
  model: z.optional(z.string()),
  state: z.string(),
  param: z.optional(z.nullable(z.string())),
  resultJson: z.optional(z.nullable(z.string())),
  failCode: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  failMsg: z.optional(z.nullable(z.string())),
  completeTime: z.optional(z.nullable(z.number())),
  createTime: z.optional(z.nullable(z.number())),
  updateTime: z.optional(z.nullable(z.number())),
});

/** recordInfo's answer carries kie.ai's `message` as well as `msg`, so clients written for either read it. */
export const RecordEnvelope = z.object({
  code: z.literal(200),
  msg: z.string(),
  message: z.string(),
  data: TaskRecord,
});

export const TaskSummary = z.object({
  since: iso(),
  callers: z.array(z.object({ caller: z.string(), inFlight: z.number(), succeeded: z.number(), failed: z.number() })),
});
const UsageRow = z.object({
  day: z.optional(z.string()),
  caller: z.optional(z.string()),
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
  groupBy: z.array(z.enum(["day", "caller", "model"])),
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
