import { type Clock, type Delivery, postUntilAccepted, signatureHeaders, systemClock } from "../net";
import { kieSignature } from "./secrets";

/** How relays are posted: the alert webhook's patience. */
export interface RelayTiming {
  timeoutMs: number;
  retryBackoffMs: number;
}

/**
 * Posts a relay to the caller's `callBackUrl`, signed two ways with the caller's own key so either verifier works:
 * Standard Webhooks (`webhook-id` — the same on every attempt —, `webhook-timestamp`, `webhook-signature`) and
 * kie.ai's scheme (`X-Webhook-Timestamp`, `X-Webhook-Signature` over `taskId.timestamp`).
 *
 * @example
 * ```ts
 * const outcome = await sendRelay({ id, taskId, url, body }, key, { timeoutMs: 5000, retryBackoffMs: 1000 })
 * ```
 */
export function sendRelay(
  relay: { id: string; taskId: string; url: string; body: string; headers?: Record<string, string> },
  key: Uint8Array,
  timing: RelayTiming,
  clock: Clock = systemClock,
): Promise<Delivery> {
  return postUntilAccepted({
    url: relay.url,
    receiver: "the callBackUrl",
    body: relay.body,
    headers: async (timestamp) => ({
      ...relay.headers,
      ...(await signatureHeaders(key, relay.id, timestamp, relay.body)),
      "X-Webhook-Timestamp": String(timestamp),
      "X-Webhook-Signature": await kieSignature(key, relay.taskId, timestamp),
    }),
    timeoutMs: timing.timeoutMs,
    retryBackoffMs: timing.retryBackoffMs,
    clock,
  });
}
