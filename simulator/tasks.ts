// kie.ai's generation tasks ("Market" API): createTask with its credit check and account rate limit, and recordInfo,
// whose answer is derived from the clock — a task says `waiting`, then `generating`, then its outcome.
import type { Hono } from "hono";
import { garble } from "./families/garble";
import type { TaskEngine } from "./lifecycle";
import { fits, overHttp200 } from "./rate";
import type { SimTask, SimulatorState, TaskOutcome } from "./state";

/** What recordInfo says a task is doing (kie.ai also has `queuing`, which the simulator folds into `waiting`). */
export type TaskState = "waiting" | "generating" | TaskOutcome;

/**
 * A task's state at `now`: its outcome once completed, else `waiting` for its first `waitingMs`, then `generating`.
 *
 * @example
 * ```ts
 * taskPhase(task, Date.now()) // "generating"
 * ```
 */
export function taskPhase(task: SimTask, now: number): TaskState {
  if (task.completedAt !== undefined) return task.outcome;
  return now < task.createdAt + task.waitingMs ? "waiting" : "generating";
}

/**
 * The `data` of recordInfo (and of the callback) for a task at `now`, as kie.ai shapes it: `param` and
 * `resultJson` are JSON *strings*, times are epoch ms, `completeTime` null until done.
 *
 * @example
 * ```ts
 * c.json({ code: 200, message: "success", data: taskRecord(task, Date.now(), true) })
 * ```
 */
export function taskRecord(task: SimTask, now: number, reportCredits: boolean): Record<string, unknown> {
  const state = taskPhase(task, now);
  const { model, callBackUrl, input, createdAt, completedAt } = task;
  const started = createdAt + task.waitingMs;
  return {
    taskId: task.taskId,
    model,
    state,
    // In the order kie.ai's own example has them; callBackUrl only when one was given.
    param: JSON.stringify({ model, ...(callBackUrl !== undefined && { callBackUrl }), input }),
    resultJson: state === "success" ? JSON.stringify({ resultUrls: task.resultUrls }) : "",
    failCode: state === "fail" ? (task.failCode ?? "") : "",
    failMsg: state === "fail" ? (task.failMsg ?? "") : "",
    ...(completedAt !== undefined && { costTime: completedAt - createdAt }),
    completeTime: completedAt ?? null,
    createTime: createdAt,
    updateTime: completedAt ?? (state === "generating" ? started : createdAt),
    ...(state === "success" && reportCredits && { consumeCredits: task.credits }),
  };
}

/**
 * Adds `POST /api/v1/jobs/createTask` and `GET /api/v1/jobs/recordInfo` (the key is checked before them).
 *
 * @example
 * ```ts
 * taskRoutes(app, state, engine, Date.now)
 * ```
 */
export function taskRoutes(app: Hono, state: SimulatorState, engine: TaskEngine, now: () => number): void {
  app.post("/api/v1/jobs/createTask", async (c) => {
    const at = now();
    // Only accepted requests fill the window: kie.ai rejects the excess, it does not queue it.
    if (!fits(state.createAccepted, at, state.taskRate)) {
      const http200 = overHttp200(state.rejectedForRate++, state.taskRate.http200Share);
      return c.json({ code: 429, msg: "Rate limit exceeded", data: null }, http200 ? 200 : 429);
    }
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const problem = invalidTask(body);
    // kie.ai answers refusals over HTTP 200 with the code in the body (its clients check `code`, not the status).
    if (problem || !body) return c.json({ code: 422, msg: problem, data: null });
    const model = body.model as string;
    const credits = state.taskSettings.prices[model] ?? state.taskSettings.prices["*"] ?? 1;
    if (state.balance < credits) return c.json({ code: 402, msg: "Credits insufficient", data: null });
    const task: SimTask = {
      taskId: `task_${randomHex(16)}`,
      family: "jobs",
      endpoint: "/api/v1/jobs/createTask",
      record: "jobs",
      recordPath: "/api/v1/jobs/recordInfo",
      body,
      model,
      input: body.input as Record<string, unknown>,
      ...(typeof body.callBackUrl === "string" && { callBackUrl: body.callBackUrl }),
      createdAt: at,
      outcome: state.taskSettings.outcome,
      durationMs: state.taskSettings.durationMs,
      waitingMs: state.taskSettings.waitingMs,
      resultUrls: [],
      credits,
      charged: false,
    };
    state.tasks[task.taskId] = task;
    state.createAccepted.push(at);
    engine.created(task);
    return c.json({ code: 200, msg: "success", data: { taskId: task.taskId } });
  });

  app.get("/api/v1/jobs/recordInfo", (c) => {
    const at = now();
    if (!fits(state.recordAdmitted, at, state.recordRate)) {
      return c.json({ code: 429, msg: "Rate limit exceeded", data: null }, 429);
    }
    state.recordAdmitted.push(at);
    const taskId = c.req.query("taskId");
    if (!taskId) return c.json({ code: 400, msg: "taskId parameter is required", data: null });
    const task = taskById(state, taskId);
    // kie.ai's own docs give this answer for a task it has no record of (and clients are seen handling it): HTTP 200,
    // code 422, and `msg` — not the `message` of the success envelope.
    if (!task) return c.json({ code: 422, msg: "recordInfo is null", data: null });
    engine.observe(task);
    const data = taskRecord(task, at, state.taskSettings.reportCredits);
    garble(state, ["jobs"], ["state"], data);
    return c.json({ code: 200, message: "success", data });
  });
}

/**
 * The task with id `taskId`, if there is one (own keys only: `?taskId=constructor` is no task).
 *
 * @example
 * ```ts
 * const task = taskById(state, c.req.query("taskId"))
 * ```
 */
export function taskById(state: SimulatorState, taskId: string | undefined): SimTask | undefined {
  return taskId !== undefined && Object.hasOwn(state.tasks, taskId) ? state.tasks[taskId] : undefined;
}

/**
 * The task kie.ai means by `taskId` now: when two share the id (a 4K task keeping its parent's), the one still
 * running, else the latest.
 *
 * @example
 * ```ts
 * await engine.complete(liveTask(state, "9f03…"))
 * ```
 */
export function liveTask(state: SimulatorState, taskId: string | undefined): SimTask | undefined {
  const named = Object.values(state.tasks).filter((task) => task.taskId === taskId);
  return named.find((task) => task.completedAt === undefined) ?? named.at(-1);
}

/**
 * Whether `task` is still the simulator's (not from before a reset).
 *
 * @example
 * ```ts
 * if (!ownTask(state, task)) return
 * ```
 */
export function ownTask(state: SimulatorState, task: SimTask): boolean {
  const key = task.slot ?? task.taskId;
  return Object.hasOwn(state.tasks, key) && state.tasks[key] === task;
}

function invalidTask(body: Record<string, unknown> | null): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "request body must be a JSON object";
  if (typeof body.model !== "string" || body.model === "") return "model is required";
  if (!body.input || typeof body.input !== "object" || Array.isArray(body.input)) return "input must be an object";
  const url = body.callBackUrl;
  if (url === undefined || url === null) return undefined;
  if (typeof url !== "string" || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    return "callBackUrl must be an http(s) URL";
  }
  return undefined;
}

/**
 * `bytes` random bytes as hex.
 *
 * @example
 * ```ts
 * randomHex(4) // "9f03a1c2"
 * ```
 */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}
