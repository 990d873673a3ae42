import type { SpendSettings, TaskSettings, UpstreamSettings, WebhookSettings } from "../config";
import type { TaskRecord, UpstreamFailure } from "../upstream";
import type { CallerTasks } from "./store";

/** What a task call of the coordinator is sent: the settings the calling Worker runs with. */
export interface TaskCallSettings {
  tasks: TaskSettings;
  /** Relays are posted with the alert webhook's timeout, backoff, redelivery and maximum age. */
  webhook: Pick<WebhookSettings, "timeoutMs" | "retryBackoffMs" | "maxAgeMs" | "redeliverMs">;
  kie: { upstream: UpstreamSettings };
  /** Model prices, for the estimates held against budgets. */
  spend: SpendSettings;
}

/** A createTask as the route checked it. */
export interface CreateRequest {
  caller: string;
  model: string;
  input: Record<string, unknown>;
  /** The caller's own, checked. */
  callBackUrl?: string;
  /** The createTask request's origin: where kie.ai calls back when `PUBLIC_URL` is unset. */
  origin: string;
}

/** A refusal by kie-edge itself, in the envelope's terms. */
export interface Refusal {
  status: 401 | 402 | 404 | 429;
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
}

export type CreateOutcome =
  | { ok: true; taskId: string; attempts: number; waitedMs: number }
  | { ok: false; refusal: Refusal }
  | { ok: false; upstream: UpstreamFailureData };

export type RecordOutcome =
  | { ok: true; record: TaskRecord; stored: boolean; attempts: number }
  | { ok: false; refusal: Refusal }
  | { ok: false; upstream: UpstreamFailureData };

export type CallbackOutcome = { ok: true; msg: string } | { ok: false; refusal: Refusal };

/**
 * What the task desk tells the spend ledger, so that every task is paid for by someone: a reservation before the
 * task may wait for admission (refused: the budget's refusal), then what became of it.
 */
export interface SpendHooks {
  /** Holds the task's estimate against the caller's budgets, or says which budget refuses it. */
  reserve(ref: string, request: CreateRequest, settings: TaskCallSettings): Refusal | undefined;
  /** kie.ai made the task. */
  accepted(ref: string, taskId: string): void;
  /** No task was made: the reservation goes. */
  release(ref: string): void;
  /** The task's final record (confirmed with recordInfo). */
  settled(ref: string, record: TaskRecord, settings: TaskCallSettings): void;
}

/** Generation tasks as their owner (the account coordinator, a Durable Object) answers for them. */
export interface TaskCoordinator {
  /** Admits (fairly, within kie.ai's rate), sends with the gateway's callback, records who owns the task. */
  createTask(settings: TaskCallSettings, request: CreateRequest): Promise<CreateOutcome>;
  /** A task's record for `caller` (every task for an admin): final ones from storage, running ones from kie.ai. */
  recordInfo(settings: TaskCallSettings, caller: string, admin: boolean, taskId: string): Promise<RecordOutcome>;
  /** kie.ai called back for the task of `ref`, naming `taskId`; the outcome is confirmed and relayed after. */
  kieCallback(settings: TaskCallSettings, ref: string, taskId: string): Promise<CallbackOutcome>;
  /** Tasks created since `sinceMs`, per caller. */
  taskSummary(sinceMs: number): Promise<CallerTasks[]>;
}
