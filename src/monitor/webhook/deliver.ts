import type { WebhookSettings } from "../../config";
import { type Clock, type Delivery, postUntilAccepted, signatureHeaders, systemClock } from "../../net";
import type { Alert } from "../model";
import { renderBody } from "./payload";

export { ATTEMPTS_PER_RUN, type Delivery } from "../../net";

/**
 * Posts one alert to the webhook (up to three attempts in this run). Only a 2xx counts as delivered. JSON
 * deliveries are signed per Standard Webhooks when a secret is set; every one carries the alert's id.
 */
export function deliver(
  alert: Alert,
  webhook: WebhookSettings & { url: string },
  clock: Clock = systemClock,
): Promise<Delivery> {
  const body = renderBody(alert, webhook.format);
  const key = webhook.format === "json" ? webhook.signingKey : undefined;
  return postUntilAccepted({
    url: webhook.url,
    receiver: "the webhook",
    body,
    headers: async (timestamp) => (key ? signatureHeaders(key, alert.id, timestamp, body) : { "webhook-id": alert.id }),
    timeoutMs: webhook.timeoutMs,
    retryBackoffMs: webhook.retryBackoffMs,
    clock,
  });
}
