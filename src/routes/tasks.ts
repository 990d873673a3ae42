import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { validator } from "hono/validator";
import * as z from "zod/mini";
import { CreateTaskBody, TaskQuery, type TaskRecord } from "../api";
import { type AppEnv, apiError, failedUpstream, jsonBody, limitBody, noteAttempts, success } from "../http";
import { checkCallbackUrl, isAdmin, modelAllowed, type Refusal } from "../tasks";

/** A task's body: kie.ai's models take prompts and image lists, never files (those are uploaded). */
const MAX_TASK_BODY_BYTES = 256 * 1024;

/**
 * `POST /api/v1/jobs/createTask`, kie.ai's body `{model, input, callBackUrl?}`: checked (shape, the caller's
 * `CALLER_POLICIES`, the callBackUrl), admitted to kie.ai's account-wide rate (fairly across callers, or 429 with
 * `Retry-After` when the wait would be too long), and sent with the gateway's key and its own callback URL. The
 * answer is kie.ai's `{code, msg, data: {taskId}}`.
 *
 * `GET /api/v1/jobs/recordInfo?taskId=…`: the task's record as kie.ai gives it, to the caller that created it
 * (an admin caller: any task); another caller's task answers exactly as an unknown one. Final records come from
 * the coordinator (`X-Cache: HIT`).
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" -H "Content-Type: application/json" \
 *   -d '{"model":"google/imagen4-fast","input":{"prompt":"a red fox"}}' \
 *   https://kie-edge.example.workers.dev/api/v1/jobs/createTask
 * # {"code":200,"msg":"success","data":{"taskId":"task_…"}}
 * ```
 */
export const tasks = new Hono<AppEnv>()
  .post("/createTask", limitBody(MAX_TASK_BODY_BYTES), jsonBody(CreateTaskBody, checkTask), async (c) => {
    const body = c.req.valid("json");
    const outcome = await c.get("services").tasks.createTask(c.get("services").coordinatorSettings, {
      caller: c.get("caller"),
      model: body.model,
      input: body.input,
      ...(body.callBackUrl ? { callBackUrl: body.callBackUrl } : {}),
      origin: new URL(c.req.url).origin,
    });
    if (!outcome.ok) throw "refusal" in outcome ? refused(outcome.refusal) : failedUpstream(c, outcome.upstream);
    noteAttempts(c, outcome.attempts);
    c.get("log").admissionWaitMs = outcome.waitedMs;
    c.header("X-Admission-Wait-Ms", String(outcome.waitedMs));
    return success(c, { taskId: outcome.taskId });
  })
  .get("/recordInfo", validator("query", taskQuery), async (c) => {
    const caller = c.get("caller");
    const { taskId } = c.req.valid("query");
    const admin = isAdmin(c.get("config").tasks.policies, caller);
    const outcome = await c
      .get("services")
      .tasks.recordInfo(c.get("services").coordinatorSettings, caller, admin, taskId);
    if (!outcome.ok) throw "refusal" in outcome ? refused(outcome.refusal) : failedUpstream(c, outcome.upstream);
    if (outcome.attempts > 0) noteAttempts(c, outcome.attempts);
    c.get("log").cache = outcome.stored ? "HIT" : "MISS";
    c.header("X-Cache", outcome.stored ? "HIT" : "MISS");
    const data: z.output<typeof TaskRecord> = outcome.record;
    return c.json({ code: 200 as const, msg: "success", message: "success", data }, 200);
  });

// What the schema cannot see: the caller's policy, the callBackUrl's host, and whether relays can be signed.
function checkTask(body: z.output<typeof CreateTaskBody>, c: Context<AppEnv>) {
  const { tasks: settings, kieBaseUrl } = c.get("config");
  const caller = c.get("caller");
  if (!modelAllowed(settings.policies[caller], body.model)) {
    throw apiError(403, `caller '${caller}' may not use model '${body.model}' (CALLER_POLICIES)`);
  }
  if (body.callBackUrl === undefined) return body;
  const checked = checkCallbackUrl(body.callBackUrl, kieBaseUrl);
  if ("error" in checked) throw apiError(422, checked.error);
  if (!settings.callbackKey) {
    throw apiError(
      503,
      "kie-edge is misconfigured: CALLBACK_SIGNING_KEY is not set, so callbacks cannot be relayed signed",
    );
  }
  return { ...body, callBackUrl: checked.url };
}

function taskQuery(query: Record<string, string | string[]>): z.output<typeof TaskQuery> {
  const parsed = z.safeParse(TaskQuery, { taskId: query.taskId });
  if (!parsed.success) throw apiError(422, "taskId must be a kie.ai task id (up to 128 of A-Z a-z 0-9 _ . : -)");
  return parsed.data;
}

function refused(refusal: Refusal) {
  const headers: Record<string, string> = {};
  if (refusal.retryAfterMs !== undefined)
    headers["Retry-After"] = String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)));
  return apiError(refusal.status, refusal.msg, headers);
}
