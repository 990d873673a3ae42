import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { FAMILIES, type Operation, type RecordKind, taskName } from "../families";
import { type AppEnv, apiError, failedUpstream, familyBody, limitBody, noteAttempts, refusedWith } from "../http";
import { checkCallbackUrl, modelAllowed } from "../tasks";
import { TASK_ID } from "../upstream";

/** A task call's body: prompts and URL lists, never files (those are uploaded). */
const MAX_BODY_BYTES = 256 * 1024;
const MODEL_RULE = "1–128 of A-Z a-z 0-9 . _ - / :";

type Ops = (typeof FAMILIES)[number]["operations"][number];
type Kinds = (typeof FAMILIES)[number]["kinds"][number];
/** kie.ai's envelope, as each carried endpoint answers it. */
type KieEnvelope<D> = { code: number; msg: string; message?: string; data: D };
type Endpoint<I, D> = { input: I; output: KieEnvelope<D>; outputFormat: "json"; status: 200 };
/** A Market record: its state, and `param` and `resultJson` as JSON strings. */
type MarketRecord = {
  taskId: string;
  state: string;
  model?: string;
  param?: string;
  resultJson?: string;
  failCode?: string | number;
  failMsg?: string;
} & Record<string, unknown>;
type Created = { taskId: string } & Record<string, unknown>;
/** Every carried endpoint by path and method, so `hc<AppType>` clients are typed for each of them. */
export type FamilySchema = {
  [O in Ops as O["path"]]: {
    [M in `$${Lowercase<O["method"]>}`]: Endpoint<
      O["method"] extends "POST" ? { json: Record<string, unknown> } : { query: Record<string, string> },
      O extends { record: object } ? Created : unknown
    >;
  };
} & {
  [K in Kinds as K["path"]]: {
    $get: Endpoint<{ query: { taskId: string } }, K["id"] extends "jobs" ? MarketRecord : Record<string, unknown>>;
  };
};

/**
 * Every kie.ai family on kie.ai's own paths, made from the declarations in `src/families`: each operation's
 * endpoint checks what only the gateway can (the body's shape and depth, the model id, the caller's policy, the
 * callback URL, the task followed up on) and hands the call to the account coordinator; each record kind's endpoint
 * answers a task's record to its owner. Answers are kie.ai's own envelopes.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" -H "Content-Type: application/json" \
 *   -d '{"prompt":"a red fox running through snow","model":"veo3_fast"}' https://kie-edge.example.workers.dev/api/v1/veo/generate
 * # {"code":200,"msg":"success","data":{"taskId":"veo_…"}}
 * ```
 */
export const families = buildRoutes() as unknown as Hono<AppEnv, FamilySchema, "/">;

function buildRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const family of FAMILIES) {
    for (const op of family.operations as readonly Operation[]) {
      if (op.method === "POST") app.post(op.path, limitBody(MAX_BODY_BYTES), familyBody(), (c) => call(c, op));
      else app.get(op.path, (c) => call(c, op));
    }
    for (const kind of family.kinds as readonly RecordKind[]) app.get(kind.path, (c) => record(c, kind));
  }
  return app;
}

async function call(c: Context<AppEnv>, op: Operation): Promise<Response> {
  const caller = c.get("caller");
  const body = op.method === "POST" ? c.get("body") : undefined;
  // A plain object: what crosses RPC must be structured-clonable.
  const query = op.method === "GET" ? Object.fromEntries(new URL(c.req.url).searchParams) : undefined;
  c.get("log").op = op.id;
  const name = taskName(op, body ?? {});
  const modelField = op.model?.field ?? "model";
  if (name === undefined || (op.model?.required && body?.[modelField] === undefined)) {
    throw apiError(422, `${modelField} must be a kie.ai model id (${MODEL_RULE})`);
  }
  for (const field of op.objects ?? []) {
    const value = body?.[field];
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw apiError(422, `${field} must be a JSON object of the model's parameters`);
    }
  }
  if (op.parent) {
    const value = op.parent.in === "body" ? body?.[op.parent.field] : query?.[op.parent.field];
    if (typeof value !== "string" || !TASK_ID.test(value)) {
      throw apiError(422, `${op.parent.field} must be a kie.ai id (up to 128 of A-Z a-z 0-9 _ . : -)`);
    }
  }
  const policy = c.get("policy");
  if (!modelAllowed(policy, name)) {
    throw apiError(403, `caller '${caller}' may not use model '${name}' (CALLER_POLICIES, or its key's scope)`);
  }
  const callBackUrl = callbackOf(c, op, body);
  const outcome = await c.get("services").coordinator.call({
    caller,
    admin: policy.admin,
    op: op.id,
    ...(policy.budget ? { budget: policy.budget } : {}),
    name,
    ...(body ? { body } : {}),
    ...(query ? { query } : {}),
    ...(callBackUrl ? { callBackUrl } : {}),
    origin: new URL(c.req.url).origin,
  });
  if (!outcome.ok) throw "refusal" in outcome ? refusedWith(outcome.refusal) : failedUpstream(c, outcome.upstream);
  noteAttempts(c, outcome.attempts);
  if (op.admit) {
    c.get("log").admissionWaitMs = outcome.waitedMs;
    c.header("X-Admission-Wait-Ms", String(outcome.waitedMs));
  }
  return c.json(outcome.answer, 200);
}

// The caller's own callback URL, where the operation has one: checked, and relays must be signable.
function callbackOf(c: Context<AppEnv>, op: Operation, body: Record<string, unknown> | undefined): string | undefined {
  const given = op.callback ? body?.[op.callback] : undefined;
  if (!op.callback || given === undefined || given === null || given === "") return undefined;
  if (typeof given !== "string") throw apiError(422, `${op.callback} must be a string`);
  const checked = checkCallbackUrl(given, c.get("config").kieBaseUrl);
  if ("error" in checked) throw apiError(422, checked.error.replace("callBackUrl", op.callback));
  if (!c.get("config").tasks.callbackKey) {
    throw apiError(
      503,
      "kie-edge is misconfigured: CALLBACK_SIGNING_KEY is not set, so callbacks cannot be relayed signed",
    );
  }
  return checked.url;
}

async function record(c: Context<AppEnv>, kind: RecordKind): Promise<Response> {
  const caller = c.get("caller");
  const taskId = c.req.query("taskId");
  c.get("log").op = kind.id;
  if (taskId === undefined || !TASK_ID.test(taskId)) {
    throw apiError(422, "taskId must be a kie.ai task id (up to 128 of A-Z a-z 0-9 _ . : -)");
  }
  const admin = c.get("policy").admin;
  const envelope = (answer: { code: number; msg?: string; message?: string; data: unknown }) => {
    // The Market's recordInfo says `message` where the rest say `msg`: both go out, so clients of either read it.
    const said = answer.msg ?? answer.message ?? "success";
    return c.json(kind.message ? { code: answer.code, msg: said, message: said, data: answer.data } : answer, 200);
  };
  // A finished task is answered at the edge, without the coordinator: its record never changes.
  const kept = await c.get("services").finalRecords.read(taskId);
  if (kept?.kind === kind.id) {
    if (!admin && kept.caller !== caller)
      throw refusedWith({ reason: "unknown-task", msg: "no task with this taskId" });
    c.get("log").cache = "HIT";
    c.header("X-Cache", "HIT");
    return envelope({ code: 200, msg: "success", data: kept.record });
  }
  const outcome = await c.get("services").coordinator.record({ caller, admin, kind: kind.id, taskId });
  if (!outcome.ok) throw "refusal" in outcome ? refusedWith(outcome.refusal) : failedUpstream(c, outcome.upstream);
  if (outcome.attempts > 0) noteAttempts(c, outcome.attempts);
  c.get("log").cache = outcome.stored ? "HIT" : "MISS";
  c.header("X-Cache", outcome.stored ? "HIT" : "MISS");
  return envelope(outcome.answer);
}
