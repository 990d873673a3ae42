// kie.ai keeps generated media about 14 days: after that download-url refuses the files ("Temporarily supports
// records within 14 days"), links issued earlier stop serving them, and Runway's record says `expireFlag: 1`.
import type { SimulatorState } from "../state";
import { folderOf } from "./util";

/**
 * Makes the files of task `taskId` gone (every task's, without one), as retention does; later tasks keep theirs.
 *
 * @example
 * ```ts
 * forgetFiles(state, "9f03…")
 * ```
 */
export function forgetFiles(state: SimulatorState, taskId?: string): void {
  for (const task of Object.values(state.tasks)) {
    if (taskId !== undefined && task.taskId !== taskId) continue;
    const folder = folderOf(task);
    if (!state.forgottenFiles.includes(folder)) state.forgottenFiles.push(folder);
  }
}
