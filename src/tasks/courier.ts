import type { WebhookSettings } from "../config";
import { type Clock, systemClock } from "../net";
import { sendRelay } from "./relay";
import { callerSecret } from "./secrets";
import type { RelayRow, TaskStore } from "./store";

const MAX_REDELIVERY_MS = 10 * 60_000;

/** How relays are delivered: the alert webhook's patience, and the root of every caller's signing secret. */
export interface CourierSettings {
  webhook: Pick<WebhookSettings, "timeoutMs" | "retryBackoffMs" | "maxAgeMs" | "redeliverMs">;
  callbackKey?: Uint8Array;
}

/**
 * Delivers the relays a task owes its caller, one stage after another: a relay waits while an earlier stage of its
 * task is still owed, and the next goes as soon as one is done (delivered, or dropped past its maximum age). A
 * failed round is tried again later, doubling, from the coordinator's alarm.
 *
 * @example
 * ```ts
 * const courier = new Courier(store, settings, wake, background)
 * await courier.deliver(relayId)
 * ```
 */
export class Courier {
  /** Relays being sent, so the alarm and a callback never send one twice at once. */
  readonly #busy = new Set<string>();

  constructor(
    private readonly store: TaskStore,
    private readonly settings: () => CourierSettings,
    private readonly wake: (at: number) => Promise<void>,
    private readonly background: (work: Promise<unknown>) => void,
    private readonly clock: Clock = systemClock,
    /** How far the task's archive has come, for the relay's `X-Archive` (none: archiving is off). */
    private readonly archive?: { stateOf(ref: string): string | undefined },
  ) {}

  /** Sends the relay `id` now, if it is its task's next. */
  async deliver(id: string): Promise<void> {
    if (this.#busy.has(id)) return;
    this.#busy.add(id);
    let done = false;
    let ref = "";
    try {
      const relay = this.store.relay(id);
      if (relay?.outcome !== "pending") return;
      ref = relay.ref;
      if (this.store.firstPending(relay.ref)?.id !== id) return;
      done = await this.#attempt(relay);
    } finally {
      this.#busy.delete(id);
    }
    const next = done ? this.store.firstPending(ref) : undefined;
    if (next) this.background(this.deliver(next.id));
  }

  // One delivery round; true when the relay is done with (delivered or dropped).
  async #attempt(relay: RelayRow): Promise<boolean> {
    const { webhook, callbackKey } = this.settings();
    const now = this.clock.now();
    if (now - relay.created_at > webhook.maxAgeMs) {
      this.store.relayDone(relay.id, "dropped", now, 0);
      console.warn({
        level: "warn",
        msg: "relay dropped",
        relayId: relay.id,
        taskId: relay.task_id,
        stage: relay.stage,
        lastError: relay.last_error,
      });
      return true;
    }
    const archived = this.archive?.stateOf(relay.ref);
    const outcome = callbackKey
      ? await sendRelay(
          {
            id: relay.id,
            taskId: relay.task_id,
            url: relay.url,
            body: relay.body,
            ...(archived ? { headers: { "X-Archive": archived } } : {}),
          },
          (await callerSecret(callbackKey, relay.caller)).key,
          webhook,
          this.clock,
        )
      : { ok: false as const, attempts: 0, error: "CALLBACK_SIGNING_KEY is not set" };
    if (outcome.ok) {
      this.store.relayDone(relay.id, "delivered", this.clock.now(), outcome.attempts);
      return true;
    }
    const next = this.clock.now() + Math.min(MAX_REDELIVERY_MS, webhook.redeliverMs * 2 ** relay.rounds);
    this.store.relayFailed(relay.id, outcome.attempts, outcome.error, next);
    await this.wake(next);
    return false;
  }
}
