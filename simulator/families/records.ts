// The per-family record (poll) paths: kie.ai's per-task limit where it documents one, the record in its family's
// shape, and the record-shape fault that leaves a gateway nothing to guess from.
import type { Hono } from "hono";
import type { TaskEngine } from "../lifecycle";
import { fits } from "../rate";
import type { SimTask, SimulatorState } from "../state";
import { garble } from "./garble";
import { RECORD_KINDS, viewOf } from "./kinds";
import type { RecordKindName } from "./types";

/**
 * Adds every record kind's GET path (the key is checked before them).
 *
 * @example
 * ```ts
 * recordRoutes(app, state, engine, Date.now)
 * ```
 */
export function recordRoutes(app: Hono, state: SimulatorState, engine: TaskEngine, now: () => number): void {
  for (const [name, kind] of Object.entries(RECORD_KINDS)) {
    app.get(kind.path, (c) => {
      const at = now();
      const taskId = c.req.query("taskId");
      if (!taskId) return c.json({ code: 422, msg: "taskId is required", data: null });
      const task = recordTask(state, name as RecordKindName, taskId);
      if (!task) return c.json({ code: 422, msg: "record is null", data: null });
      if (kind.perTaskLimit) {
        const admitted = state.recordAdmittedByTask[taskId] ?? [];
        if (!fits(admitted, at, state.taskRecordRate)) {
          return c.json({ code: 429, msg: "Rate limited: at most 3 queries per second per task", data: null }, 429);
        }
        state.recordAdmittedByTask[taskId] = [...admitted.filter((t) => t > at - state.taskRecordRate.windowMs), at];
      }
      engine.observe(task);
      const data = kind.record(viewOf(state, task, at));
      garble(state, [name, kind.family], kind.stateFields, data);
      return c.json({ code: 200, msg: "success", data });
    });
  }
}

/**
 * The task `taskId` names at a record path of kind `record`: when a 4K task keeps its parent's id, the 4K one (the
 * latest), as a single record per id must then describe it.
 *
 * @example
 * ```ts
 * recordTask(state, "veo", "9f03…")
 * ```
 */
export function recordTask(state: SimulatorState, record: RecordKindName, taskId: string): SimTask | undefined {
  return Object.values(state.tasks)
    .filter((task) => task.taskId === taskId && task.record === record)
    .at(-1);
}
