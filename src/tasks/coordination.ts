import type { Budget } from "../config";
import type { KieAnswer, UpstreamFailure } from "../upstream";
import type { CallerTasks } from "./store";

/**
 * Why kie-edge itself refuses a task call. The domain says why; `src/http` alone turns a reason into a status.
 * - `unknown-task`: no task of the caller's has this id (another caller's answers the same);
 * - `wrong-kind`: the caller's own task, but not one this call follows up on (another family's);
 * - `over-budget`: the caller's budget would be passed;
 * - `overloaded`: kie.ai's account-wide rate is taken for longer than the caller may wait;
 * - `unknown-ref`: a callback reference no task has;
 * - `other-task`: a callback names another task than its reference's.
 */
export type RefusalReason = "unknown-task" | "wrong-kind" | "over-budget" | "overloaded" | "unknown-ref" | "other-task";

/** A refusal by kie-edge itself: why, in words for the caller, and when to retry where that helps. */
export interface Refusal {
  reason: RefusalReason;
  msg: string;
  retryAfterMs?: number;
}

/** A failed kie.ai call, as plain data (errors do not cross RPC with their fields). */
export interface UpstreamFailureData {
  failure: UpstreamFailure;
  detail: string;
  attempts: number;
  code?: number;
  retryAfterMs?: number;
  /** kie.ai's own envelope of the refusal, cleaned, for the codes passed on to callers. */
  answer?: { code: number; msg?: string; data: unknown };
}

/** A family call as the route checked it: who asks, which operation, and what they sent. */
export interface CallRequest {
  caller: string;
  /** Sees and follows up on every task, not only its own. */
  admin: boolean;
  /** The operation's id (`veo/generate`). */
  op: string;
  /** The task's name in policies, prices and the ledger (`veo/veo3_fast`). */
  name: string;
  /** The JSON body as sent (GET operations: none). */
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  /** The caller's own callback URL, checked; kie.ai is given kie-edge's. */
  callBackUrl?: string;
  /** The request's origin: where kie.ai calls back when `PUBLIC_URL` is unset. */
  origin: string;
  /** The budgets the call is held against (the caller's policy's); none: not budgeted. */
  budget?: Budget;
}

export type CallOutcome =
  | { ok: true; answer: KieAnswer; attempts: number; waitedMs: number; taskId?: string }
  | { ok: false; refusal: Refusal }
  | { ok: false; upstream: UpstreamFailureData };

/** A record poll as the route checked it. */
export interface RecordRequest {
  caller: string;
  admin: boolean;
  /** The record kind's id (`veo`). */
  kind: string;
  taskId: string;
}

export type RecordOutcome =
  | { ok: true; answer: KieAnswer; stored: boolean; attempts: number }
  | { ok: false; refusal: Refusal }
  | { ok: false; upstream: UpstreamFailureData };

export type CallbackOutcome = { ok: true; msg: string } | { ok: false; refusal: Refusal };

/** What the spend ledger is told of a billed call, so that every credit is paid for by someone. */
export interface SpendHooks {
  /** Holds the call's estimate against the caller's budgets, or says which budget refuses it. */
  reserve(ref: string, task: { caller: string; name: string; family: string; budget?: Budget }): Refusal | undefined;
  /** kie.ai made the task (or answered the call) under this id. */
  accepted(ref: string, taskId: string): void;
  /** Nothing was made: the reservation goes. */
  release(ref: string): void;
  /** The outcome (confirmed with the record), and the credits kie.ai reported, if it did. */
  settled(ref: string, outcome: { state: "success" | "fail"; reported?: number }): void;
}

/** Generation tasks as their owner (the account coordinator, a Durable Object) answers for them. */
export interface TaskCoordinator {
  /**
   * A family call: the caller's budget and the task it follows up on checked, admitted (fairly, within kie.ai's
   * rate) when it starts a generation, sent with the gateway's key and callback, and its task recorded as the
   * caller's.
   */
  call(request: CallRequest): Promise<CallOutcome>;
  /** A task's record for a caller (every task for an admin): final ones from storage, running ones from kie.ai. */
  record(request: RecordRequest): Promise<RecordOutcome>;
  /** kie.ai called back for the task of `ref`, naming `taskId` (and a stage); confirmed and relayed after. */
  kieCallback(ref: string, taskId: string, stage?: string): Promise<CallbackOutcome>;
  /** Tasks created since `sinceMs`, per caller and family. */
  taskSummary(sinceMs: number): Promise<CallerTasks[]>;
}
