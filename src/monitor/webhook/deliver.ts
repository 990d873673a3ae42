import type { WebhookSettings } from "../../config";
import { backoffMs, type Clock, systemClock, withTimeout } from "../../net";
import type { Alert } from "../model";
import { renderBody } from "./payload";
import { signatureHeaders } from "./sign";

/** Attempts per alert within one run; what still fails stays pending for the next run. */
export const ATTEMPTS_PER_RUN = 3;

/** How one alert's delivery went in this run. */
export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/**
 * Posts one alert to the webhook: a timeout per attempt and up to three attempts with backoff and full jitter
 * (the same backoff as kie.ai's calls).
 * Only a 2xx counts as delivered. JSON deliveries are signed per Standard Webhooks when a secret is set. Errors
 * name the status or the failure, never the URL.
 */
export async function deliver(
  alert: Alert,
  webhook: WebhookSettings & { url: string },
  clock: Clock = systemClock,
): Promise<Delivery> {
  const body = renderBody(alert, webhook.format);
  let error = "";
  for (let attempt = 1; attempt <= ATTEMPTS_PER_RUN; attempt++) {
    const signed =
      webhook.format === "json" && webhook.signingKey
        ? await signatureHeaders(webhook.signingKey, alert.id, Math.floor(clock.now() / 1000), body)
        : { "webhook-id": alert.id };
    let timedOut = false;
    try {
      const status = await withTimeout(webhook.timeoutMs, async (signal) => {
        signal.addEventListener("abort", () => {
          timedOut = true;
        });
        const res = await fetch(webhook.url, {
          method: "POST",
          body,
          signal,
          headers: { "Content-Type": "application/json", "User-Agent": "kie-edge", ...signed },
        });
        await res.body?.cancel();
        return res.status;
      });
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt };
      error = `the webhook answered HTTP ${status}`;
    } catch {
      error = timedOut ? `the webhook did not answer within ${webhook.timeoutMs} ms` : "the webhook was unreachable";
    }
    if (attempt < ATTEMPTS_PER_RUN) await clock.sleep(backoffMs(attempt, webhook.retryBackoffMs, clock.random));
  }
  return { ok: false, attempts: ATTEMPTS_PER_RUN, error };
}
