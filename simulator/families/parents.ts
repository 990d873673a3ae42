// A follow-up names its parent (a `taskId`, an `audioId`, or both): kie.ai answers 422 unless the parent exists, is
// of the right kind, has finished successfully, still has its files, and has the medium or index named.
import { isForgotten } from "../links";
import type { SimTask, SimulatorState } from "../state";
import { taskById } from "../tasks";
import type { ParentSpec, Refusal } from "./types";
import { folderOf } from "./util";

const refuse = (msg: string): { refusal: Refusal } => ({ refusal: { code: 422, msg, data: null } });

/**
 * The parent `body` names under `spec`, or kie.ai's refusal.
 *
 * @example
 * ```ts
 * const found = findParent(state, spec.parent, body)
 * if ("refusal" in found) return c.json(found.refusal)
 * ```
 */
export function findParent(
  state: SimulatorState,
  spec: ParentSpec,
  body: Record<string, unknown>,
): { parent: SimTask } | { refusal: Refusal } {
  const medium = spec.media ? body[spec.media.field] : undefined;
  // A track alone names the music task that made it.
  const parent = spec.task
    ? taskById(state, String(body[spec.task]))
    : Object.values(state.tasks).find((t) => !t.slot && t.mediaIds?.includes(String(medium)));
  if (!parent || !spec.records.includes(parent.record) || (spec.accepts && !spec.accepts(parent))) {
    return refuse("record is null");
  }
  if (parent.completedAt === undefined || parent.outcome !== "success") return refuse("record status is not success");
  if (isForgotten(state, folderOf(parent))) return refuse("Temporarily supports records within 14 days");
  if (spec.media && (medium !== undefined || spec.media.required) && !parent.mediaIds?.includes(String(medium))) {
    return refuse(`${spec.media.field} does not belong to the record`);
  }
  if (spec.index) {
    const index = Number(body[spec.index] ?? 0);
    if (!Number.isInteger(index) || index < 0 || index >= parent.resultUrls.length)
      return refuse(`${spec.index} is out of range`);
  }
  return { parent };
}
