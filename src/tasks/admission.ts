import type { Clock } from "../net";
import type { SlidingWindow } from "./window";

/** How admission is limited. */
export interface AdmissionLimits {
  /** Sends allowed in any window. */
  rate: number;
  /** The window: a send counts in it from when kie.ai answered it. */
  windowMs: number;
  /** A request whose expected wait is longer is refused at once. */
  maxWaitMs: number;
}

/**
 * The outcome of asking for admission: go now — and call `done` once the send has finished, which is when it starts
 * to count in the window (until then it holds its slot) — or come back after `retryAfterMs`.
 */
export type Admitted = { ok: true; waitedMs: number; done: () => void } | { ok: false; retryAfterMs: number };

interface Waiter {
  enqueuedAt: number;
  /** Past this the waiter is refused rather than kept any longer (its estimate was overtaken by newcomers). */
  giveUpAt: number;
  resolve(admitted: Admitted): void;
}

/**
 * The account-wide admission queue in front of kie.ai's rate limit (one per coordinator). Sends are counted in a
 * sliding window; callers that must wait are served round-robin, one request per caller per turn, so one
 * caller's batch of 100 does not starve another caller's single task. A request whose expected wait (under that
 * order, with the sends already made) is over `maxWaitMs` is refused at once with the time after which it would
 * not be.
 *
 * @example
 * ```ts
 * const admission = new Admission(window, (at) => store.admitted(at), systemClock)
 * const admitted = await admission.admit("web", { rate: 20, windowMs: 10_000, maxWaitMs: 15_000 })
 * if (admitted.ok) await kie.createTask(body).finally(admitted.done)
 * ```
 */
export class Admission {
  /** Waiting requests by caller; the map's order is the round-robin order. */
  readonly #queues = new Map<string, Waiter[]>();
  /** When the pending wake-up is due (one at a time; a later one is not needed while it is pending). */
  #wakeAt = Number.POSITIVE_INFINITY;
  #limits: AdmissionLimits = { rate: 1, windowMs: 1, maxWaitMs: 0 };

  constructor(
    private readonly window: SlidingWindow,
    /** Called with the time each admitted send finished, to persist it. */
    private readonly onDone: (at: number) => void,
    private readonly clock: Pick<Clock, "now" | "sleep">,
  ) {}

  /**
   * Admits one send for `caller`, now or after a fair wait. `front` puts it ahead of the caller's other waiting
   * requests (a retry of a send kie.ai refused keeps its place).
   */
  admit(caller: string, limits: AdmissionLimits, front = false): Promise<Admitted> {
    this.#limits = limits;
    const now = this.clock.now();
    // Nobody waiting and a slot free (the usual case): no wait to work out.
    const free = this.#queues.size === 0 && this.window.nextSlotAt(now, limits.rate, limits.windowMs) <= now;
    const waitMs = free ? 0 : this.#expectedWait(caller, now, front);
    if (waitMs > limits.maxWaitMs) return Promise.resolve({ ok: false, retryAfterMs: waitMs - limits.maxWaitMs });
    return new Promise<Admitted>((resolve) => {
      const waiter = { enqueuedAt: now, giveUpAt: now + limits.maxWaitMs + limits.windowMs, resolve };
      const queue = this.#queues.get(caller) ?? [];
      if (front) queue.unshift(waiter);
      else queue.push(waiter);
      this.#queues.set(caller, queue);
      this.#pump();
    });
  }

  /** How long a request of `caller` arriving now would wait: its place in the round-robin order, in slots. */
  #expectedWait(caller: string, now: number, front: boolean): number {
    const own = front ? 0 : (this.#queues.get(caller)?.length ?? 0);
    let ahead = own;
    let before = true;
    for (const [other, queue] of this.#queues) {
      if (other === caller) {
        before = false;
        continue;
      }
      // Callers ahead in this round are served once more before the caller's own turn comes round.
      ahead += Math.min(queue.length, own + (before || !this.#queues.has(caller) ? 1 : 0));
    }
    const slots = this.window.slotsFrom(now, this.#limits.rate, this.#limits.windowMs, ahead + 1);
    return (slots[ahead] ?? now) - now;
  }

  #pump(): void {
    const { rate, windowMs } = this.#limits;
    for (;;) {
      const now = this.clock.now();
      this.#refuseOverdue(now);
      const next = this.#queues.entries().next();
      if (next.done) return;
      const slotAt = this.window.nextSlotAt(now, rate, windowMs);
      if (slotAt > now) {
        // With every slot held by a send under way, the next `done` pumps.
        if (slotAt !== Number.POSITIVE_INFINITY) this.#wake(slotAt);
        return;
      }
      const [caller, queue] = next.value;
      const waiter = queue.shift();
      // Round-robin: the caller served goes to the back of the order, if it still waits.
      this.#queues.delete(caller);
      if (queue.length > 0) this.#queues.set(caller, queue);
      if (!waiter) continue;
      this.window.open();
      waiter.resolve({ ok: true, waitedMs: now - waiter.enqueuedAt, done: this.#doneOnce() });
    }
  }

  #doneOnce(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const at = this.clock.now();
      this.window.close(at);
      this.onDone(at);
      this.#pump();
    };
  }

  #refuseOverdue(now: number): void {
    for (const [caller, queue] of this.#queues) {
      const keep = queue.filter((waiter) => {
        if (now < waiter.giveUpAt) return true;
        waiter.resolve({ ok: false, retryAfterMs: this.#limits.windowMs });
        return false;
      });
      if (keep.length === 0) this.#queues.delete(caller);
      else this.#queues.set(caller, keep);
    }
  }

  #wake(at: number): void {
    if (this.#wakeAt <= at) return;
    this.#wakeAt = at;
    void this.clock.sleep(at - this.clock.now()).then(() => {
      // A sooner wake-up may have replaced this one; only the current one pumps.
      if (this.#wakeAt !== at) return;
      this.#wakeAt = Number.POSITIVE_INFINITY;
      this.#pump();
    });
  }
}
