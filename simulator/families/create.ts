// The one engine every per-family endpoint runs on: the account-wide create limit, the body checks its table row
// declares, the parent, kie.ai's refused repeats, the credit check, then a task (or an answer at once).
import type { Context } from "hono";
import type { TaskEngine } from "../lifecycle";
import { fits, overHttp200 } from "../rate";
import type { SimTask, SimulatorState } from "../state";
import { randomHex } from "../tasks";
import { isHttpUrl, missing, oneOf } from "./checks";
import { RECORD_KINDS } from "./kinds";
import { findParent } from "./parents";
import { priceOf } from "./table";
import type { EndpointSpec, RecordKindName, Refusal } from "./types";
import { text } from "./util";

/**
 * The handler of one endpoint of the table.
 *
 * @example
 * ```ts
 * app.post(spec.path, familyHandler(spec, state, engine, Date.now))
 * ```
 */
export function familyHandler(spec: EndpointSpec, state: SimulatorState, engine: TaskEngine, now: () => number) {
  return async (c: Context): Promise<Response> => {
    const at = now();
    // One limit for the whole account, whichever family: only accepted generations fill its window.
    if (spec.kind !== "read" && !fits(state.createAccepted, at, state.taskRate)) {
      const http200 = overHttp200(state.rejectedForRate++, state.taskRate.http200Share);
      return c.json({ code: 429, msg: "Rate limit exceeded", data: null }, http200 ? 200 : 429);
    }
    const body = spec.method === "GET" ? c.req.query() : await jsonObject(c);
    // kie.ai answers refusals over HTTP 200 with the code in the body.
    const refuse = (refusal: Refusal) => c.json({ ...refusal, data: refusal.data ?? null });
    if (!body) return refuse({ code: 422, msg: "request body must be a JSON object" });
    const problem = invalid(spec, body);
    if (problem) return refuse({ code: 422, msg: problem });
    // A parent may have fallen due since anyone last looked.
    for (const task of Object.values(state.tasks)) engine.observe(task);
    const found = spec.parent ? findParent(state, spec.parent, body) : undefined;
    if (found && "refusal" in found) return refuse(found.refusal);
    const parent = found?.parent;
    const repeat = spec.repeat?.(state, body, parent);
    if (repeat) return refuse(repeat);
    const context = { state, body, parent, price: 0, now: at, origin: new URL(c.req.url).origin };
    if (spec.kind === "read") return c.json(spec.answer?.(context));
    const price = priceOf(state, spec, body);
    if (state.balance < price) return refuse({ code: 402, msg: "Credits insufficient" });
    state.createAccepted.push(at);
    if (spec.kind === "sync") {
      // Answered at once, so charged at once.
      state.balance -= price;
      const answer = spec.answer?.({ ...context, price });
      state.syncResults.push({ path: spec.path, body, data: answer?.data, at });
      return c.json(answer);
    }
    const task = newTask(state, spec, body, parent, price, at);
    state.tasks[task.slot ?? task.taskId] = task;
    engine.created(task);
    return c.json({ code: 200, msg: "success", data: spec.created?.(task) ?? { taskId: task.taskId } });
  };
}

function invalid(spec: EndpointSpec, body: Record<string, unknown>): string | undefined {
  const absent = (f: string) => body[f] === undefined || body[f] === null || body[f] === "";
  if (spec.anyOf?.every(absent)) return `one of ${spec.anyOf.join(", ")} is required`;
  const model = spec.model?.allowed ? oneOf(spec.model.field, spec.model.allowed)(body) : undefined;
  return missing(body, spec.required ?? []) ?? model ?? callbackProblem(spec, body) ?? spec.check?.(body);
}

function callbackProblem(spec: EndpointSpec, body: Record<string, unknown>): string | undefined {
  if (!spec.callback) return undefined;
  const url = body[spec.callback.field];
  if (url === undefined || url === null || url === "") {
    return spec.callback.required ? `${spec.callback.field} is required` : undefined;
  }
  return isHttpUrl(url) ? undefined : `${spec.callback.field} must be an http(s) URL`;
}

function newTask(
  state: SimulatorState,
  spec: EndpointSpec,
  body: Record<string, unknown>,
  parent: SimTask | undefined,
  price: number,
  at: number,
): SimTask {
  // Every create and follow-up row names its record kind.
  const record = spec.record as Exclude<RecordKindName, "jobs">;
  const kind = RECORD_KINDS[record];
  const shares = parent !== undefined && spec.sharesParentId?.(state) === true;
  const taskId = shares ? parent.taskId : kind.ids === "uuid" ? crypto.randomUUID() : randomHex(16);
  const callBackUrl = spec.callback ? body[spec.callback.field] : undefined;
  const { familySettings, taskSettings } = state;
  return {
    taskId,
    family: spec.family,
    endpoint: spec.path,
    record,
    recordPath: kind.path,
    body,
    model: spec.model ? text(body, spec.model.field) || (spec.model.default ?? "") : "",
    input: body,
    ...(typeof callBackUrl === "string" && callBackUrl !== "" && { callBackUrl }),
    ...(parent && { parentTaskId: parent.taskId }),
    ...(kind.media && { mediaIds: Array.from({ length: kind.media(body) }, () => crypto.randomUUID()) }),
    ...(kind.staged && { stages: [] }),
    // Sharing its parent's id, it cannot sit under it in `tasks`.
    ...(shares && { slot: `${taskId}#${randomHex(4)}` }),
    createdAt: at,
    outcome: familySettings.outcome[record] ?? familySettings.outcome[spec.family] ?? taskSettings.outcome,
    durationMs: taskSettings.durationMs,
    waitingMs: taskSettings.waitingMs,
    resultUrls: [],
    credits: price,
    charged: false,
  };
}

async function jsonObject(c: Context): Promise<Record<string, unknown> | null> {
  const body: unknown = await c.req.json().catch(() => null);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}
