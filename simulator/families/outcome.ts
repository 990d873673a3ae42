// What completing a task does to it: the outcome's results (files in the task's folder) and one charge on success,
// or the failure its family documents (steerable per family or record kind) — and, for Suno music, which stage
// callbacks are still to go out.
import type { SimTask, SimulatorState } from "../state";
import { kindOf } from "./kinds";
import { specAt } from "./table";
import type { CallbackStage } from "./types";
import { fileUrl } from "./util";

/**
 * Completes `task` at `at` (once): results and charge on success, the family's failure otherwise.
 *
 * @example
 * ```ts
 * conclude(state, task, Date.now())
 * ```
 */
export function conclude(state: SimulatorState, task: SimTask, at: number): void {
  if (task.completedAt !== undefined) return;
  task.completedAt = at;
  const kind = kindOf(task);
  if (task.outcome === "success") {
    task.resultUrls = (kind ? kind.files(task) : ["0.png"]).map((name) => fileUrl(task, name));
    // Charged once, on success only (kie.ai does not charge failed tasks).
    if (!task.charged) {
      state.balance -= task.credits;
      task.charged = true;
    }
    return;
  }
  if (!kind) {
    task.failCode = state.taskSettings.failCode;
    task.failMsg = state.taskSettings.failMsg;
    return;
  }
  const steered = state.familySettings.failure;
  const failure = {
    ...kind.failure,
    ...specAt(task.endpoint)?.failure,
    ...(Object.hasOwn(steered, task.family) && steered[task.family]),
    ...(Object.hasOwn(steered, task.record) && steered[task.record]),
  };
  task.failCode = String(failure.code);
  task.failMsg = failure.msg;
  task.failState = failure.state;
}

/**
 * The callbacks a finishing task still sends, in order. A failure sends `error`; a success `complete` — and Suno
 * music with a callback first the partial stages of `familySettings.sunoStages` it has not reached yet (the plan
 * may skip them, reorder them, repeat one, or put one after `complete`).
 *
 * @example
 * ```ts
 * remainingStages(state, task) // ["first", "complete"] after sim.stage(taskId, "text")
 * ```
 */
export function remainingStages(state: SimulatorState, task: SimTask): CallbackStage[] {
  if (task.outcome !== "success") return ["error"];
  if (!kindOf(task)?.staged || !task.callBackUrl) return ["complete"];
  const plan = [...state.familySettings.sunoStages];
  if (!plan.includes("complete")) plan.push("complete");
  const reached = [...(task.stages ?? [])];
  return plan.filter((stage) => {
    const i = stage === "complete" ? -1 : reached.indexOf(stage);
    if (i >= 0) reached.splice(i, 1);
    return i < 0;
  });
}
