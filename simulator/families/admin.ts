// The `/__sim` routes of the per-family APIs, for drivers in another process: Suno stages, the family settings,
// retention, and the per-task poll limit.
import type { Hono } from "hono";
import type { TaskEngine } from "../lifecycle";
import type { RateLimit, SimulatorState } from "../state";
import { liveTask } from "../tasks";
import { forgetFiles } from "./forget";
import type { FamilySettings, SunoStage } from "./types";

/** The settings that are maps (by family or record kind): merged key by key, a null value removing its key. */
const MAPS = ["recordFault", "outcome", "failure"] as const;

/**
 * Adds `POST /__sim/stage`, `/__sim/family-settings`, `/__sim/forget-files` and `/__sim/task-record-rate`.
 *
 * @example
 * ```ts
 * familyAdminRoutes(app, state, engine)
 * ```
 */
export function familyAdminRoutes(app: Hono, state: SimulatorState, engine: TaskEngine): void {
  const json = async <T>(body: Promise<unknown>) => ((await body.catch(() => ({}))) ?? {}) as T;
  // Answers once the stage's callback, if the task has one, was answered.
  app.post("/__sim/stage", async (c) => {
    const { taskId, stage } = await json<{ taskId?: string; stage?: SunoStage }>(c.req.json());
    const task = liveTask(state, taskId);
    if (!task || (stage !== "text" && stage !== "first"))
      return c.json({ error: `no stage ${stage} of ${taskId}` }, 404);
    const sent = await engine.stage(task.taskId, stage).then(
      () => true,
      () => false,
    );
    return sent ? c.json(task) : c.json({ error: `${taskId} has no stages` }, 404);
  });
  app.post("/__sim/family-settings", async (c) => {
    const patch = await json<Partial<Record<keyof FamilySettings, unknown>>>(c.req.json());
    const settings = state.familySettings as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (!(MAPS as readonly string[]).includes(key)) {
        settings[key] = value;
        continue;
      }
      const map = settings[key] as Record<string, unknown>;
      for (const [name, entry] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (entry === null) delete map[name];
        else map[name] = entry;
      }
    }
    return c.json(state);
  });
  app.post("/__sim/forget-files", async (c) => {
    const { taskId } = await json<{ taskId?: string }>(c.req.json());
    forgetFiles(state, taskId);
    return c.json(state);
  });
  app.post("/__sim/task-record-rate", async (c) => {
    Object.assign(state.taskRecordRate, await json<Partial<RateLimit>>(c.req.json()));
    return c.json(state);
  });
}
