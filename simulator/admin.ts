// The simulator's remote control, for drivers in another process (e2e suites, `npm start` users): `/__sim/*`.
import type { Hono } from "hono";
import { recordState } from "./families/kinds";
import type { TaskEngine } from "./lifecycle";
import type {
  CallbackFault,
  Endpoint,
  EndpointName,
  FaultRule,
  FileFault,
  RateLimit,
  SimulatorState,
  TaskOutcome,
  TaskRateLimit,
  TaskSettings,
} from "./state";
import { liveTask, taskPhase } from "./tasks";

/**
 * Adds the `/__sim` routes that read and steer `state`; `reset` puts it back as new; `engine` completes tasks and
 * waits for their callbacks; `now` is the tasks' clock. Each steering route answers with the whole state (as JSON,
 * which leaves `sendCallback` out).
 *
 * @example
 * ```ts
 * adminRoutes(app, state, reset, engine, Date.now)
 * ```
 */
export function adminRoutes(
  app: Hono,
  state: SimulatorState,
  reset: () => void,
  engine: TaskEngine,
  now: () => number,
): void {
  const steer = (path: string, apply: (body: never) => void | Promise<void>) =>
    app.post(`/__sim/${path}`, async (c) => {
      await apply((await c.req.json().catch(() => ({}))) as never);
      return c.json(state);
    });
  app.get("/__sim/state", (c) => c.json(state));
  // Each task with its state now (`waiting`, `generating`, `success`, `fail`), and what its record's state field says.
  app.get("/__sim/tasks", (c) =>
    c.json(
      Object.values(state.tasks).map((task) => {
        engine.observe(task);
        return { ...task, state: taskPhase(task, now()), recordState: recordState(state, task, now()) };
      }),
    ),
  );
  steer("balance", (body: { balance: number }) => {
    state.balance = Number(body.balance);
  });
  steer("faults", (rule: FaultRule) => {
    state.rules.push(rule);
  });
  // A per-family path or family (or `*`, which covers them too) is delayed through `delayByPath`.
  steer("delay", ({ endpoint, ms }: { endpoint: Endpoint; ms: number }) => {
    for (const key of Object.keys(state.delayMs) as EndpointName[]) {
      if (endpoint === "*" || endpoint === key) state.delayMs[key] = ms;
    }
    if (!Object.hasOwn(state.delayMs, endpoint)) state.delayByPath[endpoint] = ms;
  });
  steer("files", ({ path, size }: { path: string; size: number }) => {
    state.fileSizes[path] = size;
  });
  steer("link-origin", ({ origin }: { origin?: string }) => {
    state.linkOrigin = origin;
  });
  steer("file-fault", ({ fault }: { fault?: FileFault }) => {
    state.fileFault = fault;
  });
  steer("revoke", () => {
    state.revokedThrough = state.linksIssued;
  });
  steer("reset", () => reset());
  // Merged into what is there; `prices` too, so that setting one model's price keeps the `*` default.
  steer("task-settings", ({ prices, ...rest }: Partial<TaskSettings>) => {
    Object.assign(state.taskSettings, rest);
    if (prices) Object.assign(state.taskSettings.prices, prices);
  });
  steer("task-rate", (body: Partial<TaskRateLimit>) => {
    Object.assign(state.taskRate, body);
  });
  steer("record-rate", (body: Partial<RateLimit>) => {
    Object.assign(state.recordRate, body);
  });
  steer("callback-fault", ({ fault }: { fault?: CallbackFault }) => {
    state.callbackFault = fault ?? undefined;
  });
  steer("webhook-hmac-key", ({ key }: { key?: string | null }) => {
    state.webhookHmacKey = key ?? undefined;
  });
  steer("settle", () => engine.settle());
  // Answers once the task's callbacks, if it has any, were answered.
  app.post("/__sim/complete", async (c) => {
    const { taskId, outcome } = (await c.req.json().catch(() => ({}))) as { taskId?: string; outcome?: TaskOutcome };
    const task = liveTask(state, taskId);
    if (!task) return c.json({ error: `no task ${taskId}` }, 404);
    await engine.complete(task.taskId, outcome);
    return c.json(task);
  });
}
