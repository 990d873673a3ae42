import type { TaskRecord } from "../upstream";

/** The states after which a task's record never changes. */
export const TERMINAL_STATES: ReadonlySet<string> = new Set(["success", "fail"]);

/**
 * A record as its caller may see it: `param` echoes the callBackUrl kie.ai was given, which is kie-edge's own
 * (with the task's secret reference in it); the caller gets back its own URL, or none. Should the reference turn
 * up anywhere else in the record, it is blanked there too.
 *
 * @example
 * ```ts
 * forCaller(record, { kieCallback: "https://edge/callbacks/kie/abc", callbackUrl: null })
 * ```
 */
export function forCaller(record: TaskRecord, task: { kieCallback: string; callbackUrl: string | null }): TaskRecord {
  const out: TaskRecord = { ...record };
  if (typeof record.param === "string") out.param = rewriteParam(record.param, task);
  const text = JSON.stringify(out);
  if (!text.includes(task.kieCallback)) return out;
  return JSON.parse(text.split(jsonInner(task.kieCallback)).join(jsonInner(task.callbackUrl ?? ""))) as TaskRecord;
}

function rewriteParam(param: string, task: { kieCallback: string; callbackUrl: string | null }): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(param);
  } catch {
    return param.split(task.kieCallback).join(task.callbackUrl ?? "");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return param;
  const { callBackUrl: _internal, ...rest } = parsed as Record<string, unknown>;
  return JSON.stringify(task.callbackUrl ? { ...rest, callBackUrl: task.callbackUrl } : rest);
}

// A string as it appears inside JSON text, without the quotes.
function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * The task id a kie.ai callback names: `taskId` or `task_id`, in `data` or at the top level (families differ).
 *
 * @example
 * ```ts
 * callbackTaskId({ code: 200, data: { task_id: "abc" } }) // "abc"
 * ```
 */
export function callbackTaskId(body: unknown): string | undefined {
  const top = asObject(body);
  const data = asObject(top?.data);
  for (const place of [data, top]) {
    for (const key of ["taskId", "task_id"]) {
      const value = place?.[key];
      if (typeof value === "string" && value) return value;
    }
  }
  return undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The body relayed to a caller's `callBackUrl`: kie.ai's own callback shape (`code` 200 on success, 501 on
 * failure, `msg`, and the record as `data`), so receivers written for kie.ai keep working; the record is the one
 * confirmed with recordInfo, not what the callback claimed.
 *
 * @example
 * ```ts
 * relayBody(record) // {"code":200,"msg":"success","data":{"taskId":"…","state":"success",…}}
 * ```
 */
export function relayBody(record: TaskRecord): string {
  const failed = record.state !== "success";
  const failMsg = typeof record.failMsg === "string" && record.failMsg ? record.failMsg : "generation failed";
  return JSON.stringify({ code: failed ? 501 : 200, msg: failed ? failMsg : "success", data: record });
}
