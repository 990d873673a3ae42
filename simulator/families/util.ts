// Small facts the shape functions share: where a task's files live, how kie.ai writes times (it varies by family),
// and what a failed task says.
import type { SimTask } from "../state";
import type { Failure, View } from "./types";

/** The kie.ai file host the per-family results live on (one that download-url accepts). */
export const FILE_ORIGIN = "https://tempfile.aiquickdraw.com";

/**
 * The folder (URL path) of a task's files: every file it makes lives there, so forgetting it forgets them all.
 *
 * @example
 * ```ts
 * folderOf(task) // "/veo/9f03…/"
 * ```
 */
export function folderOf(task: Pick<SimTask, "family" | "taskId">): string {
  return `/${task.family === "jobs" ? "tasks" : task.family}/${task.taskId}/`;
}

/**
 * The URL of the file `name` in a task's folder.
 *
 * @example
 * ```ts
 * fileUrl(task, "0.mp4") // "https://tempfile.aiquickdraw.com/veo/9f03…/0.mp4"
 * ```
 */
export function fileUrl(task: Pick<SimTask, "family" | "taskId">, name: string): string {
  return `${FILE_ORIGIN}${folderOf(task)}${name}`;
}

/** How a family writes times: epoch ms, `YYYY-MM-DD HH:MM:SS` (UTC), or ISO 8601. */
export type TimeStyle = "ms" | "sql" | "iso";

/**
 * A time as a family writes it; null when there is none yet.
 *
 * @example
 * ```ts
 * time(1767225600000, "sql") // "2026-01-01 00:00:00"
 * ```
 */
export function time(ms: number | undefined, style: TimeStyle): number | string | null {
  if (ms === undefined) return null;
  if (style === "ms") return ms;
  const iso = new Date(ms).toISOString();
  return style === "iso" ? iso : iso.slice(0, 19).replace("T", " ");
}

/**
 * What a finished task's failure says (code, message, state value), as fixed when it failed; null unless it failed.
 *
 * @example
 * ```ts
 * const failure = failureOf(view) // { code: 501, msg: "…", state: 3 }
 * ```
 */
export function failureOf(view: View): Failure | null {
  const { task, phase } = view;
  if (phase !== "fail") return null;
  return { code: Number(task.failCode), msg: task.failMsg ?? "", state: task.failState ?? "" };
}

/** A body field as a string ("" when absent). */
export function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

/** The parent of a follow-up task, if it is still the simulator's. */
export function parentOf(view: View): SimTask | undefined {
  const id = view.task.parentTaskId;
  return id !== undefined && Object.hasOwn(view.state.tasks, id) ? view.state.tasks[id] : undefined;
}

/** Where a Suno track sits in its music task (`musicIndex`): 0 or 1. */
export function musicIndex(view: View): number {
  return Math.max(0, parentOf(view)?.mediaIds?.indexOf(text(view.task.body, "audioId")) ?? 0);
}

/** Whether a task's files are gone (kie.ai's 14-day retention). */
export function forgotten(view: View): boolean {
  return view.state.forgottenFiles.includes(folderOf(view.task));
}
