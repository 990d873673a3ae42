import type { TaskSettings, UpstreamSettings } from "../config";
import {
  creditsAt,
  type KieRecord,
  type Operation,
  operation,
  type Phase,
  type ReadState,
  type RecordKind,
  readState,
  recordKind,
  resultUrls,
  valuesAt,
} from "../families";
import { backoffMs, type Clock, callbackRef, messageId, systemClock } from "../net";
import {
  type KieAnswer,
  type KieClient,
  type KieRequest,
  refusedForAccount,
  TASK_ID,
  UpstreamError,
} from "../upstream";
import { Admission, type AdmissionLimits } from "./admission";
import type {
  CallbackOutcome,
  CallOutcome,
  CallRequest,
  RecordOutcome,
  RecordRequest,
  Refusal,
  SpendHooks,
  UpstreamFailureData,
} from "./coordination";
import { Courier, type CourierSettings } from "./courier";
import type { FinalRecords } from "./final-records";
import { RecordPolls } from "./polls";
import { type CallerView, forCaller } from "./record";
import type { CallerTasks, NewRelay, TaskRow, TaskStore } from "./store";
import { SlidingWindow } from "./window";

/** Looking at a task stops this long after it was created: kie.ai advises giving up polling far sooner. */
export const LOOK_FOR_MS = 24 * 3_600_000;
/** After a callback whose claim the record does not show yet, the next look comes this soon, then doubling. */
const CONFIRM_STEP_MS = 2_000;
const LOOK_STEP_MS = 60_000;
const MAX_LOOK_STEP_MS = 30 * 60_000;
/** A relay's place among its task's: partial stages by their order, the outcome last. */
const FINAL_SEQ = 100;

/** What the desk runs with: the coordinator's own settings, read from its own environment. */
export interface DeskSettings extends CourierSettings {
  tasks: Pick<TaskSettings, "rate" | "windowMs" | "maxWaitMs" | "publicUrl" | "firstLookMs">;
  upstream: UpstreamSettings;
}

/** What the desk needs from the Durable Object around it. */
export interface DeskDeps {
  store: TaskStore;
  settings: () => DeskSettings;
  kie: () => KieClient;
  /** Asks for the object's alarm at `at` (or sooner, if one is set sooner already). */
  wake: (at: number) => Promise<void>;
  /** Keeps background work (a confirmation, a relay) alive past the call that started it. */
  background: (work: Promise<unknown>) => void;
  /** The spend ledger; without it, calls are not budgeted. */
  spend?: SpendHooks;
  /** Where final records are published for the edge to read first (and withdrawn when a new task takes an id). */
  finals?: Pick<FinalRecords, "publish" | "withdraw">;
  /** Result archiving: told of every task that succeeded, and asked how far a task's archive has come. */
  archive?: {
    succeeded(task: { ref: string; taskId: string; caller: string; family: string }, urls: string[]): void;
    stateOf(ref: string): string | undefined;
  };
  clock?: Clock;
}

const NOT_FOUND: Refusal = { reason: "unknown-task", msg: "no task with this taskId" };

/**
 * Generation tasks of every family, owned by the account coordinator, run from the families' declarations:
 * admission in front of kie.ai's account-wide rate, ownership by caller (follow-ups included), final records kept,
 * kie.ai's callbacks confirmed with the family's record and relayed — stage by stage — in the family's own shape.
 * Knows nothing of HTTP; its answers are plain data that cross RPC.
 *
 * @example
 * ```ts
 * const desk = new TaskDesk({ store, settings, kie, wake, background: (p) => ctx.waitUntil(p) })
 * const outcome = await desk.call({ caller: "web", admin: false, op: "veo/generate", name: "veo/veo3_fast", body, origin })
 * ```
 */
export class TaskDesk {
  readonly #store: TaskStore;
  readonly #deps: DeskDeps;
  readonly #clock: Clock;
  readonly #admission: Admission;
  readonly #polls: RecordPolls;
  readonly #courier: Courier;
  /** Creates under way, by callback reference: a callback that outruns its task's answer waits for it. */
  readonly #creating = new Map<string, Promise<unknown>>();
  /** Tasks being looked at, so the alarm and a callback never look at one twice at once. */
  readonly #busy = new Set<string>();

  constructor(deps: DeskDeps) {
    this.#deps = deps;
    this.#store = deps.store;
    this.#clock = deps.clock ?? systemClock;
    const now = this.#clock.now();
    const window = new SlidingWindow(this.#store.admissions(now - 3_600_000));
    this.#admission = new Admission(
      window,
      (at) => this.#store.admitted(at, at - Math.max(deps.settings().tasks.windowMs, 1)),
      this.#clock,
    );
    this.#polls = new RecordPolls(deps.kie, this.#clock);
    this.#courier = new Courier(deps.store, deps.settings, deps.wake, deps.background, this.#clock, deps.archive);
  }

  /**
   * One family call: the task it follows up on must be the caller's, the caller's budget must hold its estimate,
   * a generation is admitted to kie.ai's rate (fairly across callers), and kie.ai is given kie-edge's own callback
   * URL. A 429 or 455 from kie.ai is retried through admission again (every send counts), within the budget.
   */
  async call(request: CallRequest): Promise<CallOutcome> {
    const op = operation(request.op);
    if (!op) throw new Error(`no operation ${request.op}`);
    const refused = this.#parentRefusal(op, request);
    if (refused) return { ok: false, refusal: refused };
    const ref = callbackRef();
    const overBudget = op.bills ? this.#deps.spend?.reserve(ref, { ...request, family: op.family }) : undefined;
    if (overBudget) return { ok: false, refusal: overBudget };
    const limits = this.#limits();
    const first = op.admit ? await this.#admission.admit(request.caller, limits) : undefined;
    if (first && !first.ok) {
      this.#deps.spend?.release(ref);
      return { ok: false, refusal: overloaded(first.retryAfterMs) };
    }
    const kieCallback = `${this.#deps.settings().tasks.publicUrl ?? request.origin}/callbacks/kie/${ref}`;
    if (op.record) {
      this.#store.open({
        ref,
        caller: request.caller,
        family: op.family,
        kind: op.record.id,
        model: request.name,
        callback_url: request.callBackUrl ?? null,
        kie_callback: kieCallback,
        created_at: this.#clock.now(),
      });
    }
    const body = op.callback ? { ...request.body, [op.callback]: kieCallback } : request.body;
    const kieRequest: KieRequest = { method: op.method, path: op.path, okCodes: op.okCodes };
    if (body && op.method === "POST") kieRequest.body = body;
    if (request.query) kieRequest.query = request.query;
    const sending = this.#send(op, ref, request.caller, kieRequest, limits, first?.done);
    this.#creating.set(ref, sending);
    try {
      const sent = await sending;
      const view = { ref, kieCallback, callbackUrl: request.callBackUrl ?? null };
      // A refusal passed on keeps kie.ai's own data, which may echo the callback URL it was given: cleaned too.
      if (!sent.ok) return sent.upstream.answer ? { ok: false, upstream: forCaller(sent.upstream, view) } : sent;
      return { ...sent, answer: forCaller(sent.answer, view), waitedMs: first?.waitedMs ?? 0 };
    } finally {
      this.#creating.delete(ref);
    }
  }

  // Only the caller's own task may be followed up on (any task, for an admin); another caller's answers as none.
  #parentRefusal(op: Operation, request: CallRequest): Refusal | undefined {
    const parent = op.parent;
    if (!parent) return undefined;
    const value = (parent.in === "body" ? request.body?.[parent.field] : request.query?.[parent.field]) as string;
    const row = parent.item ? this.#store.byItem(value) : this.#store.byTaskId(value);
    if (!row || (!request.admin && row.caller !== request.caller)) {
      return { reason: "unknown-task", msg: `no task with this ${parent.field}` };
    }
    if (!parent.kinds.includes(row.kind)) {
      return {
        reason: "wrong-kind",
        msg: `${parent.field} names a ${row.family} task; ${op.path} follows up on ${parent.kinds.join(" or ")} tasks`,
      };
    }
    return undefined;
  }

  async #send(
    op: Operation,
    ref: string,
    caller: string,
    request: KieRequest,
    limits: AdmissionLimits,
    admitted: (() => void) | undefined,
  ): Promise<
    { ok: true; answer: KieAnswer; attempts: number; taskId?: string } | { ok: false; upstream: UpstreamFailureData }
  > {
    const { upstream } = this.#deps.settings();
    const deadline = this.#clock.now() + upstream.budgetMs;
    let done = admitted;
    for (let attempt = 1; ; attempt++) {
      try {
        // An admitted send holds its slot until kie.ai has answered it (see SlidingWindow), and is never resent
        // blindly: it may have spent credits. Calls that start nothing retry as any other kie.ai call.
        const result = await this.#deps
          .kie()
          .send(request, { once: op.admit === true })
          .finally(() => done?.());
        return { ok: true, ...(await this.#accepted(op, ref, result.data)), attempts: attempt - 1 + result.attempts };
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        if (op.admit && refusedForAccount(err) && attempt <= upstream.maxRetries) {
          const wait = Math.max(err.retryAfterMs ?? 0, backoffMs(attempt, upstream.backoffMs, this.#clock.random));
          const left = deadline - this.#clock.now() - wait;
          if (left > 0) {
            await this.#clock.sleep(wait);
            const again = await this.#admission.admit(caller, { ...limits, maxWaitMs: left }, true);
            if (again.ok) {
              done = again.done;
              continue;
            }
          }
        }
        // A refusal means kie.ai made nothing; after a timeout or a lost answer it may have made a task, and its
        // callback (to this reference) is then how it is found: the row stays for an hour.
        if (!op.record || refusedForAccount(err) || err.failure === "code") {
          this.#store.abandon(ref);
          this.#deps.spend?.release(ref);
        }
        return { ok: false, upstream: plain(err, attempt - 1 + err.attempts) };
      }
    }
  }

  // kie.ai took the call: a create's task is recorded as the caller's; a synchronous call is settled at once.
  async #accepted(op: Operation, ref: string, answer: KieAnswer): Promise<{ answer: KieAnswer; taskId?: string }> {
    const data = asRecord(answer.data);
    const taskId = typeof data?.taskId === "string" ? data.taskId : undefined;
    if (!op.record) {
      this.#deps.spend?.accepted(ref, taskId ?? `call:${ref}`);
      this.#deps.spend?.settled(ref, { state: "success", reported: creditsAt(data, op.credits) });
      return { answer };
    }
    if (!taskId || !TASK_ID.test(taskId)) {
      // A task may have been made all the same: its callback will name it, and adopt it.
      console.error({ level: "error", msg: "create_answer_without_task_id", op: op.id });
      return { answer };
    }
    const firstLook = this.#clock.now() + this.#deps.settings().tasks.firstLookMs;
    // A task that takes an earlier task's id (a 4K video may keep its parent's): the earlier record is not its.
    if (this.#store.hasTaskId(taskId)) this.#deps.background(this.#deps.finals?.withdraw(taskId) ?? Promise.resolve());
    this.#store.accepted(ref, taskId, firstLook);
    this.#deps.spend?.accepted(ref, taskId);
    await this.#deps.wake(firstLook);
    return { answer, taskId };
  }

  /** A task's record for its caller (any task, for an admin): stored once final, else from kie.ai. */
  async record(request: RecordRequest): Promise<RecordOutcome> {
    const kind = recordKind(request.kind);
    if (!kind) throw new Error(`no record kind ${request.kind}`);
    const row = this.#store.byTaskId(request.taskId);
    // Another caller's task answers exactly as an unknown one, so ids cannot be probed.
    if (!request.admin && row?.caller !== request.caller) return { ok: false, refusal: NOT_FOUND };
    const mine = row?.kind === kind.id ? row : undefined;
    if (mine?.record) {
      return { ok: true, answer: envelopeOf(kind, JSON.parse(mine.record)), stored: true, attempts: 0 };
    }
    try {
      const { data: answer, attempts } = await this.#polls.poll(kind, request.taskId);
      if (!mine) return { ok: true, answer: row ? forCaller(answer, viewOf(row)) : answer, stored: false, attempts };
      const record = asRecord(answer.data);
      const state: ReadState = record ? readState(kind, record) : { unexpected: "data" };
      if (!record || "unexpected" in state) {
        return { ok: false, upstream: unexpected(kind, "unexpected" in state ? state.unexpected : "data", attempts) };
      }
      const clean = forCaller(record, viewOf(mine));
      this.#apply(mine, kind, clean, state);
      return { ok: true, answer: { ...answer, data: clean }, stored: false, attempts };
    } catch (err) {
      if (err instanceof UpstreamError) return { ok: false, upstream: plain(err) };
      throw err;
    }
  }

  /**
   * kie.ai's callback for the task of `ref`: known reference and matching task, else refused; a repeat of a
   * recorded outcome is acknowledged and nothing more. Otherwise it is noted (durably: the alarm confirms it if
   * this object goes away) with the stage it claims, and confirmed with the family's record right after.
   */
  async callback(ref: string, taskId: string, stage?: string): Promise<CallbackOutcome> {
    await this.#creating.get(ref);
    const row = this.#store.byRef(ref);
    if (!row) return { ok: false, refusal: { reason: "unknown-ref", msg: "no task has this callback reference" } };
    if (row.task_id === null) {
      this.#store.adopt(ref, taskId);
      this.#deps.spend?.accepted(ref, taskId);
    } else if (row.task_id !== taskId) {
      return {
        ok: false,
        refusal: { reason: "other-task", msg: "the callback names another task than its reference's" },
      };
    }
    if (row.record !== null) return { ok: true, msg: "outcome already recorded" };
    const kind = recordKind(row.kind);
    const claimed = stage && kind?.stages?.includes(stage) ? stage : "final";
    const now = this.#clock.now();
    this.#store.callbackSeen(ref, now, claimed);
    await this.#deps.wake(now + CONFIRM_STEP_MS);
    this.#deps.background(this.#lookAt(ref));
    return { ok: true, msg: "received" };
  }

  /**
   * The alarm's share: looks at the tasks that are due (callbacks to confirm, tasks that never called back) and
   * sends the relays that are due. Returns when something is next due, or null.
   */
  async work(): Promise<number | null> {
    const now = this.#clock.now();
    for (const row of this.#store.dueTasks(now)) await this.#lookAt(row.ref);
    for (const relay of this.#store.dueRelays(now)) await this.#courier.deliver(relay.id);
    return this.#store.nextDue();
  }

  /** Forgets tasks and relays past retention (the coordinator's alarm asks, now and then). */
  prune(now: number): void {
    this.#store.prune(now);
  }

  /** Per caller and family: tasks still in flight, and tasks finished since `sinceMs`. */
  summary(sinceMs: number): CallerTasks[] {
    return this.#store.perCaller(sinceMs);
  }

  async #lookAt(ref: string): Promise<void> {
    if (this.#busy.has(ref)) return;
    this.#busy.add(ref);
    try {
      const row = this.#store.byRef(ref);
      const kind = row && recordKind(row.kind);
      if (!row?.task_id || row.record !== null || !kind) return;
      const seen = await this.#polls.poll(kind, row.task_id).catch(() => undefined);
      const record = asRecord(seen?.data.data);
      if (record && row.state === "adopted" && !JSON.stringify(record).includes(ref)) {
        // A task adopted from a callback (the create's answer was lost) must be the one sent with this reference.
        this.#store.forget(ref);
        this.#deps.spend?.release(ref);
        return;
      }
      const state = record ? readState(kind, record) : undefined;
      if (state && "unexpected" in state) {
        console.warn({ level: "warn", msg: "record_unexpected", family: kind.family, field: state.unexpected });
      }
      let seenStage: string | undefined;
      if (record && state && "phase" in state) {
        // Callbacks that came while kie.ai was being asked added their claims: act on the row as it is now.
        const now = this.#store.byRef(ref) ?? row;
        if (this.#apply(now, kind, forCaller(record, viewOf(now)), state)) return;
        seenStage = state.stage;
      }
      const next = this.#nextLook(row, kind, seenStage);
      this.#store.running(ref, seenStage ?? (state && "phase" in state ? "running" : row.state), next);
      if (next !== null) await this.#deps.wake(next);
    } finally {
      this.#busy.delete(ref);
    }
  }

  // What a record says, acted on: a final outcome recorded and relayed, a partial stage relayed. True when final.
  #apply(row: TaskRow, kind: RecordKind, record: KieRecord, state: { phase: Phase; stage?: string }): boolean {
    if (state.phase !== "running") {
      this.#finish(row, kind, record, state.phase);
      return true;
    }
    if (state.stage) this.#oweStages(row, kind, record, state.stage);
    this.#store.noteState(row.ref, state.stage ?? "running");
    return false;
  }

  #nextLook(row: TaskRow, kind: RecordKind, seenStage: string | undefined): number | null {
    const now = this.#clock.now();
    if (now - row.created_at > LOOK_FOR_MS) return null;
    // A callback's claim the record does not show yet is confirmed soon; otherwise the look is only a backstop.
    const stages = kind.stages ?? [];
    const claimedAhead = claimsOf(row).some(
      (claim) => claim === "final" || stages.indexOf(claim) > stages.indexOf(seenStage ?? ""),
    );
    const step = row.callback_at !== null && claimedAhead ? CONFIRM_STEP_MS : LOOK_STEP_MS;
    return now + Math.min(MAX_LOOK_STEP_MS, step * 2 ** Math.min(row.checks, 20));
  }

  // A partial stage the record shows is owed to the caller, with every earlier one not owed yet, in order.
  #oweStages(row: TaskRow, kind: RecordKind, record: KieRecord, stage: string): void {
    if (!row.callback_url || !kind.stages) return;
    const owed = this.#store.relayedStages(row.ref);
    const relays = kind.stages
      .slice(0, kind.stages.indexOf(stage) + 1)
      .filter((s) => !owed.has(s))
      .map((s) => newRelay(s, kind.stages?.indexOf(s) ?? 0, row.callback_url as string, kind.relay(record, s)));
    for (const id of this.#store.owe(row.ref, relays, this.#clock.now())) {
      this.#deps.background(this.#courier.deliver(id));
    }
  }

  #finish(row: TaskRow, kind: RecordKind, record: KieRecord, phase: "success" | "fail"): void {
    const url = row.callback_url;
    // Partial stages kie.ai called back about but the record had passed when it was looked at are owed too, first:
    // the caller gets every stage kie.ai announced, in order, then the outcome.
    const owed = url ? this.#store.relayedStages(row.ref) : new Set<string>();
    const claimed = new Set(claimsOf(row));
    const stages = phase === "success" ? (kind.stages ?? []).filter((s) => claimed.has(s) && !owed.has(s)) : [];
    const relays = url
      ? [
          ...stages.map((s) => newRelay(s, kind.stages?.indexOf(s) ?? 0, url, kind.relay(record, s))),
          newRelay("final", FINAL_SEQ, url, kind.relay(record, phase)),
        ]
      : [];
    const items = kind.items ? valuesAt(record, kind.items).filter((v): v is string => typeof v === "string") : [];
    const added = this.#store.finish(row.ref, phase, JSON.stringify(record), this.#clock.now(), items, relays);
    if (added === null) return;
    if (row.task_id && this.#deps.finals) {
      const entry = { caller: row.caller, kind: kind.id, record };
      this.#deps.background(this.#deps.finals.publish(row.task_id, entry));
    }
    if (row.task_id && phase === "success") {
      const task = { ref: row.ref, taskId: row.task_id, caller: row.caller, family: kind.family };
      this.#deps.archive?.succeeded(task, resultUrls(kind, record));
    }
    this.#deps.spend?.settled(row.ref, { state: phase, reported: creditsAt(record, kind.credits) });
    for (const id of added) this.#deps.background(this.#courier.deliver(id));
  }

  #limits(): AdmissionLimits {
    const { rate, windowMs, maxWaitMs } = this.#deps.settings().tasks;
    // No guard is added: a send counts from when its answer came back, which is never before kie.ai saw it.
    return { rate, windowMs, maxWaitMs };
  }
}

function newRelay(stage: string, seq: number, url: string, body: Record<string, unknown>): NewRelay {
  return { id: messageId(), stage, seq, url, body: JSON.stringify(body) };
}

// The stages (and `final`) callbacks claimed for a task, in the order they came.
function claimsOf(row: TaskRow): string[] {
  return row.claimed ? row.claimed.split(",") : [];
}

function viewOf(row: TaskRow): CallerView {
  return { ref: row.ref, kieCallback: row.kie_callback, callbackUrl: row.callback_url };
}

// A stored final record, in the envelope kie.ai gives it in (the Market's recordInfo also says `message`).
function envelopeOf(kind: RecordKind, record: KieRecord): KieAnswer {
  return { code: 200, msg: "success", ...(kind.message ? { message: "success" } : {}), data: record };
}

function asRecord(value: unknown): KieRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as KieRecord) : undefined;
}

function overloaded(retryAfterMs: number): Refusal {
  return {
    reason: "overloaded",
    msg: "kie.ai's account-wide task rate is taken for longer than TASK_ADMISSION_MAX_WAIT_MS; retry after Retry-After",
    retryAfterMs,
  };
}

function unexpected(kind: RecordKind, field: string, attempts: number): UpstreamFailureData {
  return {
    failure: "malformed",
    detail: `kie.ai's ${kind.family} record (${kind.path}) has no documented ${field}`,
    attempts,
  };
}

function plain(err: UpstreamError, sends?: number): UpstreamFailureData {
  return {
    failure: err.failure,
    detail: err.detail,
    attempts: sends ?? err.attempts,
    ...(err.code === undefined ? {} : { code: err.code }),
    ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    ...(err.answer === undefined ? {} : { answer: err.answer }),
  };
}
