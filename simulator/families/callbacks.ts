// A per-family callback body, and the callback faults bent to fit every family: a lying body is the family's own
// success shape with other files, and the id moves between `taskId`, `task_id` and the top level.
import type { CallbackFault, SimTask, SimulatorState } from "../state";
import { kindOf, viewOf } from "./kinds";
import type { CallbackStage } from "./types";
import { FILE_ORIGIN, fileUrl } from "./util";

/**
 * The callback body of a per-family task for `stage`, as its family shapes it — or as `fault` bends it.
 *
 * @example
 * ```ts
 * familyCallbackBody(state, task, Date.now(), undefined, "text")
 * ```
 */
export function familyCallbackBody(
  state: SimulatorState,
  task: SimTask,
  now: number,
  fault: CallbackFault | undefined,
  stage: CallbackStage,
): Record<string, unknown> {
  const kind = kindOf(task);
  if (!kind) return {};
  let body: Record<string, unknown>;
  if (fault?.kind === "lying-body") {
    // A success the record does not show: the signature covers only the id and time, so it still verifies.
    const liar: SimTask = { ...task, outcome: "success", completedAt: task.completedAt ?? now, failCode: undefined };
    liar.resultUrls = kind.files(liar).map((name) => fileUrl(liar, name));
    const view = { ...viewOf(state, liar, now), phase: "success" as const };
    body = forge(kind.callback(view, stage === "error" ? "complete" : stage)) as Record<string, unknown>;
  } else {
    body = { ...kind.callback(viewOf(state, task, now), stage) };
  }
  const data = body.data && typeof body.data === "object" ? { ...(body.data as Record<string, unknown>) } : undefined;
  if (fault?.kind === "snake-case" && data && "taskId" in data) {
    const { taskId, ...rest } = data;
    return { ...body, data: { task_id: taskId, ...rest } };
  }
  if (fault?.kind === "top-level-id" && data) {
    const { taskId, task_id, ...rest } = data;
    return { code: body.code, msg: body.msg, taskId: taskId ?? task_id, data: rest };
  }
  return body;
}

/** Every file URL in `value` moved to another kie.ai host and renamed: files that exist, but not the results. */
function forge(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith(`${FILE_ORIGIN}/`)) {
    const url = value.replace("https://tempfile.", "https://tempfileb.");
    return url.replace(/\/([^/]*)$/, "/not-the-result-$1");
  }
  if (Array.isArray(value)) return value.map(forge);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, forge(inner)]));
  }
  return value;
}
