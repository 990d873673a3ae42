import { backoffMs, type Clock, systemClock } from "../net";
import { type KieClient, type TaskRecord, UpstreamError, type UpstreamResult } from "../upstream";
import { Admission, type AdmissionLimits } from "./admission";
import type {
  CallbackOutcome,
  CreateOutcome,
  CreateRequest,
  RecordOutcome,
  Refusal,
  SpendHooks,
  TaskCallSettings,
  UpstreamFailureData,
} from "./coordination";
import { forCaller, relayBody, TERMINAL_STATES } from "./record";
import { sendRelay } from "./relay";
import { callerSecret } from "./secrets";
import type { CallerTasks, RelayRow, TaskRow, TaskStore } from "./store";
import { SlidingWindow } from "./window";

/** Without a callback, a task is first looked at this long after it was created (a dropped callback is not lost). */
export const FIRST_LOOK_MS = 5 * 60_000;
/** Looking at a task stops this long after it was created: kie.ai advises giving up polling far sooner. */
export const LOOK_FOR_MS = 24 * 3_600_000;
/** After a callback whose outcome recordInfo does not show yet, the next look comes this soon, then doubling. */
const CONFIRM_STEP_MS = 2_000;
const LOOK_STEP_MS = 60_000;
const MAX_LOOK_STEP_MS = 30 * 60_000;
const MAX_REDELIVERY_MS = 10 * 60_000;
/** kie.ai allows about 10 recordInfo calls a second per key. */
const RECORD_RATE = { rate: 10, windowMs: 1_100 };

const NOT_FOUND: Refusal = { status: 404, msg: "no task with this taskId" };

/** What the desk needs from the Durable Object around it. */
export interface DeskDeps {
  store: TaskStore;
  /** The kie.ai client for a call's settings. */
  kie: (settings: TaskCallSettings) => KieClient;
  /** Asks for the object's alarm at `at` (or sooner, if one is set sooner already). */
  wake: (at: number) => Promise<void>;
  /** Keeps background work (a confirmation, a relay) alive past the call that started it. */
  background: (work: Promise<unknown>) => void;
  /** The spend ledger; without it, tasks are not budgeted. */
  spend?: SpendHooks;
  clock?: Clock;
}

/**
 * Generation tasks, owned by the account coordinator: admission in front of kie.ai's rate limit, ownership by
 * caller, final records kept, kie.ai's callbacks confirmed and relayed to the callers that asked. Knows nothing of
 * HTTP; its answers are plain data that cross RPC.
 *
 * @example
 * ```ts
 * const desk = new TaskDesk({ store, kie, wake, background: (p) => ctx.waitUntil(p) })
 * const outcome = await desk.create(settings, { caller: "web", model: "google/imagen4-fast", input, origin })
 * ```
 */
export class TaskDesk {
  readonly #store: TaskStore;
  readonly #deps: DeskDeps;
  readonly #clock: Clock;
  readonly #admission: Admission;
  readonly #recordPace = new SlidingWindow();
  /** createTask calls under way, by callback reference: a callback that outruns its task's answer waits for it. */
  readonly #creating = new Map<string, Promise<unknown>>();
  /** recordInfo calls under way, by task id: concurrent polls share one. */
  readonly #polls = new Map<string, Promise<UpstreamResult<TaskRecord>>>();
  /** Tasks being looked at and relays being sent, so the alarm and a callback never do one twice at once. */
  readonly #busy = new Set<string>();
  #windowMs = 0;

  constructor(deps: DeskDeps) {
    this.#deps = deps;
    this.#store = deps.store;
    this.#clock = deps.clock ?? systemClock;
    const now = this.#clock.now();
    const window = new SlidingWindow(this.#store.admissions(now - 3_600_000));
    this.#admission = new Admission(
      window,
      (at) => this.#store.admitted(at, at - Math.max(this.#windowMs, 1)),
      this.#clock,
    );
  }

  /**
   * Admits, sends and records one createTask. kie.ai is given kie-edge's own callback URL; a 429 or 455 from
   * kie.ai is retried through admission again (every send counts), within the upstream budget.
   */
  async create(settings: TaskCallSettings, request: CreateRequest): Promise<CreateOutcome> {
    const limits = this.#limits(settings);
    const ref = newRef();
    // The budget is checked and the estimate held before the wait: waiting tasks count against it too.
    const overBudget = this.#deps.spend?.reserve(ref, request, settings);
    if (overBudget) return { ok: false, refusal: overBudget };
    const first = await this.#admission.admit(request.caller, limits);
    if (!first.ok) {
      this.#deps.spend?.release(ref);
      return { ok: false, refusal: overloaded(first.retryAfterMs) };
    }
    const kieCallback = `${settings.tasks.publicUrl ?? request.origin}/callbacks/kie/${ref}`;
    this.#store.open({
      ref,
      caller: request.caller,
      model: request.model,
      callback_url: request.callBackUrl ?? null,
      kie_callback: kieCallback,
      created_at: this.#clock.now(),
    });
    const sending = this.#send(settings, request, ref, kieCallback, limits, first.done);
    this.#creating.set(ref, sending);
    try {
      const outcome = await sending;
      return outcome.ok ? { ...outcome, waitedMs: first.waitedMs } : outcome;
    } finally {
      this.#creating.delete(ref);
    }
  }

  async #send(
    settings: TaskCallSettings,
    request: CreateRequest,
    ref: string,
    kieCallback: string,
    limits: AdmissionLimits,
    admitted: () => void,
  ): Promise<CreateOutcome> {
    const { upstream } = settings.kie;
    const deadline = this.#clock.now() + upstream.budgetMs;
    const kie = this.#deps.kie(settings);
    const body = { model: request.model, input: request.input, callBackUrl: kieCallback };
    let done = admitted;
    for (let attempt = 1; ; attempt++) {
      try {
        // The send holds its admission slot until kie.ai has answered it (see SlidingWindow).
        const { data } = await kie.createTask(body, { once: true }).finally(done);
        const now = this.#clock.now();
        this.#store.accepted(ref, data.taskId, now + FIRST_LOOK_MS);
        this.#deps.spend?.accepted(ref, data.taskId);
        await this.#deps.wake(now + FIRST_LOOK_MS);
        return { ok: true, taskId: data.taskId, attempts: attempt, waitedMs: 0 };
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        const failed = { ...plain(err), attempts: attempt };
        if (refusedByKie(err) && attempt <= upstream.maxRetries) {
          const wait = Math.max(err.retryAfterMs ?? 0, backoffMs(attempt, upstream.backoffMs, this.#clock.random));
          const left = deadline - this.#clock.now() - wait;
          if (left > 0) {
            await this.#clock.sleep(wait);
            const again = await this.#admission.admit(request.caller, { ...limits, maxWaitMs: left }, true);
            if (again.ok) {
              done = again.done;
              continue;
            }
          }
        }
        // A refusal means kie.ai made no task; after a timeout or a lost answer it may have, and its callback
        // (to this reference) is then how it is found: the row stays for an hour.
        if (refusedByKie(err) || err.failure === "code") {
          this.#store.abandon(ref);
          this.#deps.spend?.release(ref);
        }
        return { ok: false, upstream: failed };
      }
    }
  }

  /** A task's record for `caller`: stored once final, else from kie.ai (concurrent polls share one call). */
  async record(settings: TaskCallSettings, caller: string, admin: boolean, taskId: string): Promise<RecordOutcome> {
    const row = this.#store.byTaskId(taskId);
    // Another caller's task answers exactly as an unknown one, so ids cannot be probed.
    if (!admin && row?.caller !== caller) return { ok: false, refusal: NOT_FOUND };
    if (row?.record) return { ok: true, record: JSON.parse(row.record) as TaskRecord, stored: true, attempts: 0 };
    try {
      const { data, attempts } = await this.#poll(settings, taskId);
      if (!row) return { ok: true, record: data, stored: false, attempts };
      const record = forCaller(data, { kieCallback: row.kie_callback, callbackUrl: row.callback_url });
      if (TERMINAL_STATES.has(record.state)) this.#finish(settings, row, record);
      else this.#store.noteState(row.ref, record.state);
      return { ok: true, record, stored: false, attempts };
    } catch (err) {
      if (err instanceof UpstreamError) return { ok: false, upstream: plain(err) };
      throw err;
    }
  }

  /**
   * kie.ai's callback for the task of `ref`: known reference and matching task, else refused; a repeat of a
   * recorded outcome is acknowledged and nothing more. Otherwise it is noted (durably: the alarm confirms it if
   * this object goes away) and confirmed with recordInfo right after the answer.
   */
  async callback(settings: TaskCallSettings, ref: string, taskId: string): Promise<CallbackOutcome> {
    await this.#creating.get(ref);
    const row = this.#store.byRef(ref);
    if (!row) return { ok: false, refusal: { status: 404, msg: "no task has this callback reference" } };
    if (row.task_id === null) {
      this.#store.adopt(ref, taskId);
      this.#deps.spend?.accepted(ref, taskId);
    } else if (row.task_id !== taskId) {
      return { ok: false, refusal: { status: 401, msg: "the callback names another task than its reference's" } };
    }
    if (row.record !== null) return { ok: true, msg: "outcome already recorded" };
    const now = this.#clock.now();
    this.#store.callbackSeen(ref, now);
    await this.#deps.wake(now + CONFIRM_STEP_MS);
    this.#deps.background(this.#lookAt(settings, ref));
    return { ok: true, msg: "received" };
  }

  /**
   * The alarm's share: looks at the tasks that are due (callbacks to confirm, tasks that never called back) and
   * sends the relays that are due. Returns when something is next due, or null.
   */
  async work(settings: TaskCallSettings): Promise<number | null> {
    const now = this.#clock.now();
    for (const row of this.#store.dueTasks(now)) await this.#lookAt(settings, row.ref);
    for (const relay of this.#store.dueRelays(now)) await this.#relay(settings, relay.id);
    return this.#store.nextDue();
  }

  /** Forgets tasks and relays past retention (the coordinator's alarm asks, now and then). */
  prune(now: number): void {
    this.#store.prune(now);
  }

  /** Per caller: tasks still in flight, and tasks finished since `sinceMs`. */
  summary(sinceMs: number): CallerTasks[] {
    return this.#store.perCaller(sinceMs);
  }

  async #lookAt(settings: TaskCallSettings, ref: string): Promise<void> {
    if (this.#busy.has(ref)) return;
    this.#busy.add(ref);
    try {
      const row = this.#store.byRef(ref);
      if (!row?.task_id || row.record !== null) return;
      const seen = await this.#poll(settings, row.task_id).catch(() => undefined);
      if (seen && row.state === "adopted" && !seen.data.param?.includes(ref)) {
        // A task adopted from a callback (createTask's answer was lost) must be the one sent with this reference.
        this.#store.forget(ref);
        this.#deps.spend?.release(ref);
        return;
      }
      const record = seen && forCaller(seen.data, { kieCallback: row.kie_callback, callbackUrl: row.callback_url });
      if (record && TERMINAL_STATES.has(record.state)) {
        this.#finish(settings, row, record);
        return;
      }
      const next = this.#nextLook(row);
      this.#store.running(ref, record?.state ?? row.state, next);
      if (next !== null) await this.#deps.wake(next);
    } finally {
      this.#busy.delete(ref);
    }
  }

  #nextLook(row: TaskRow): number | null {
    const now = this.#clock.now();
    if (now - row.created_at > LOOK_FOR_MS) return null;
    const step = row.callback_at !== null ? CONFIRM_STEP_MS : LOOK_STEP_MS;
    return now + Math.min(MAX_LOOK_STEP_MS, step * 2 ** Math.min(row.checks, 20));
  }

  #finish(settings: TaskCallSettings, row: TaskRow, record: TaskRecord): void {
    const now = this.#clock.now();
    const relay = row.callback_url
      ? { id: `msg_${crypto.randomUUID().replaceAll("-", "")}`, url: row.callback_url, body: relayBody(record) }
      : undefined;
    const finished = this.#store.finish(row.ref, record.state, JSON.stringify(record), now, relay);
    if (finished) this.#deps.spend?.settled(row.ref, record, settings);
    if (finished && relay) this.#deps.background(this.#relay(settings, relay.id));
  }

  async #relay(settings: TaskCallSettings, id: string): Promise<void> {
    if (this.#busy.has(id)) return;
    this.#busy.add(id);
    try {
      const relay = this.#store.relay(id);
      if (relay?.outcome !== "pending") return;
      const now = this.#clock.now();
      if (now - relay.created_at > settings.webhook.maxAgeMs) {
        this.#store.relayDone(id, "dropped", now, 0);
        console.warn({
          level: "warn",
          msg: "relay dropped",
          relayId: id,
          taskId: relay.task_id,
          lastError: relay.last_error,
        });
        return;
      }
      const outcome = await this.#send1(settings, relay);
      if (outcome.ok) {
        this.#store.relayDone(id, "delivered", this.#clock.now(), outcome.attempts);
        return;
      }
      const next = this.#clock.now() + Math.min(MAX_REDELIVERY_MS, settings.webhook.redeliverMs * 2 ** relay.rounds);
      this.#store.relayFailed(id, outcome.attempts, outcome.error, next);
      await this.#deps.wake(next);
    } finally {
      this.#busy.delete(id);
    }
  }

  async #send1(settings: TaskCallSettings, relay: RelayRow) {
    const root = settings.tasks.callbackKey;
    if (!root) return { ok: false as const, attempts: 0, error: "CALLBACK_SIGNING_KEY is not set" };
    const { key } = await callerSecret(root, relay.caller);
    return sendRelay(
      { id: relay.id, taskId: relay.task_id, url: relay.url, body: relay.body },
      key,
      settings.webhook,
      this.#clock,
    );
  }

  #poll(settings: TaskCallSettings, taskId: string): Promise<UpstreamResult<TaskRecord>> {
    let poll = this.#polls.get(taskId);
    if (!poll) {
      poll = this.#deps.kie(settings).recordInfo(taskId, { gate: () => this.#paced() });
      poll = poll.finally(() => this.#polls.delete(taskId));
      this.#polls.set(taskId, poll);
    }
    return poll;
  }

  // Polls of different tasks together — every attempt, retries included — stay within kie.ai's recordInfo rate,
  // each holding its slot until kie.ai has answered it (see SlidingWindow).
  async #paced(): Promise<() => void> {
    for (;;) {
      const now = this.#clock.now();
      const at = this.#recordPace.nextSlotAt(now, RECORD_RATE.rate, RECORD_RATE.windowMs);
      if (at <= now) {
        this.#recordPace.prune(now, RECORD_RATE.windowMs);
        this.#recordPace.open();
        return () => this.#recordPace.close(this.#clock.now());
      }
      // Every slot held by a call under way: look again shortly.
      await this.#clock.sleep(Number.isFinite(at) ? at - now : 50);
    }
  }

  #limits(settings: TaskCallSettings): AdmissionLimits {
    const { rate, windowMs, maxWaitMs } = settings.tasks;
    // No guard is added: a send counts from when its answer came back, which is never before kie.ai saw it.
    this.#windowMs = windowMs;
    return { rate, windowMs: this.#windowMs, maxWaitMs };
  }
}

// kie.ai said no (rate limit, maintenance) rather than failing somewhere in between: nothing was created.
function refusedByKie(err: UpstreamError): boolean {
  return (err.failure === "code" || err.failure === "http") && (err.code === 429 || err.code === 455);
}

function overloaded(retryAfterMs: number): Refusal {
  return {
    status: 429,
    msg: "kie.ai's account-wide task rate is taken for longer than TASK_ADMISSION_MAX_WAIT_MS; retry after Retry-After",
    retryAfterMs,
  };
}

function plain(err: UpstreamError): UpstreamFailureData {
  return {
    failure: err.failure,
    detail: err.detail,
    attempts: err.attempts,
    ...(err.code === undefined ? {} : { code: err.code }),
    ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
  };
}

// 256 random bits, URL-safe: the callback URL's only secret when kie.ai's callbacks are not signed.
function newRef(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}
