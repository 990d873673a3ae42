// kie.ai's callback: the POST to a task's callBackUrl when it finishes, signed as kie.ai's webhook verification
// describes, and the ways it is seen (or may be expected) to go wrong.
import { familyCallbackBody } from "./families/callbacks";
import type { CallbackStage } from "./families/types";
import type { CallbackFault, SimTask, SimulatorState } from "./state";
import { ownTask, taskRecord } from "./tasks";

/** kie.ai's side gives up on a callback receiver after about 15 s. */
const CALLBACK_TIMEOUT_MS = 15_000;

/**
 * kie.ai's webhook signature: base64(HMAC-SHA256(key = the UTF-8 bytes of `key`, message = `taskId.timestamp`)),
 * the timestamp in Unix seconds. It covers the task id and the time only — not the body.
 *
 * @example
 * ```ts
 * const signature = await webhookSignature("hmac-key", "task_ab12", 1767225600)
 * ```
 */
export async function webhookSignature(key: string, taskId: string, timestamp: number): Promise<string> {
  const encode = (text: string) => new TextEncoder().encode(text);
  const hmac = await crypto.subtle.importKey("raw", encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encode(`${taskId}.${timestamp}`)));
  return btoa(String.fromCharCode(...mac));
}

/**
 * The callback body for a completed task (or, for Suno music, one that reached `stage`), as kie.ai sends it — or as
 * `fault` bends it. A per-family task's body has its family's shape.
 *
 * @example
 * ```ts
 * const body = callbackBody(state, task, Date.now(), undefined)
 * ```
 */
export function callbackBody(
  state: SimulatorState,
  task: SimTask,
  now: number,
  fault: CallbackFault | undefined,
  stage: CallbackStage = "complete",
): Record<string, unknown> {
  if (task.family !== "jobs") return familyCallbackBody(state, task, now, fault, stage);
  const data = taskRecord(task, now, state.taskSettings.reportCredits);
  if (fault?.kind === "lying-body") {
    // Another success than the record's: the signature would still verify, only recordInfo tells the truth.
    const forged = [`https://tempfileb.aiquickdraw.com/tasks/${task.taskId}/not-the-result.png`];
    Object.assign(data, {
      state: "success",
      resultJson: JSON.stringify({ resultUrls: forged }),
      failCode: "",
      failMsg: "",
    });
  }
  const success = data.state === "success";
  const envelope: Record<string, unknown> = {
    code: success ? 200 : 501,
    msg: success ? "Playground task completed successfully." : data.failMsg,
    data,
  };
  if (fault?.kind === "snake-case") {
    const { taskId, ...rest } = data;
    envelope.data = { task_id: taskId, ...rest };
  }
  if (fault?.kind === "top-level-id") {
    const { taskId, ...rest } = data;
    return { code: envelope.code, msg: envelope.msg, taskId, data: rest };
  }
  return envelope;
}

/**
 * POSTs a task's callback (for `stage`) once through `state.sendCallback` (else `fetch`), signed when
 * `state.webhookHmacKey` is set, and records the attempt in `state.callbacks` — unless the simulator was reset
 * meanwhile (the task is no longer its own).
 *
 * @example
 * ```ts
 * await postCallback(state, task, Date.now, state.callbackFault)
 * ```
 */
export async function postCallback(
  state: SimulatorState,
  task: SimTask,
  now: () => number,
  fault: CallbackFault | undefined,
  stage: CallbackStage = "complete",
): Promise<void> {
  const url = task.callBackUrl;
  if (!url || !ownTask(state, task)) return;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const key = state.webhookHmacKey;
  if (key !== undefined || fault?.kind === "bad-signature") {
    const timestamp = Math.floor(now() / 1000) - (fault?.kind === "stale-timestamp" ? fault.skewS : 0);
    // A wrong signature is a right one under another key: well-formed base64, of the right length.
    const signingKey = fault?.kind === "bad-signature" ? `${key ?? ""}#not-the-key` : (key as string);
    headers["X-Webhook-Timestamp"] = String(timestamp);
    headers["X-Webhook-Signature"] = await webhookSignature(signingKey, task.taskId, timestamp);
  }
  const send = state.sendCallback ?? ((to: string, init: RequestInit) => fetch(to, init));
  const at = now();
  let status: number | "error";
  try {
    const res = await send(url, {
      method: "POST",
      headers,
      body: JSON.stringify(callbackBody(state, task, at, fault, stage)),
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    status = res.status;
    await res.body?.cancel().catch(() => {});
  } catch {
    status = "error";
  }
  if (ownTask(state, task)) {
    const record = { taskId: task.taskId, url, status, at, kind: fault?.kind ?? "normal" };
    state.callbacks.push(task.family === "jobs" ? record : { ...record, stage });
  }
}
