import type { WebhookSettings } from "../../config";
import type { Alert } from "../alerts";
import { renderBody } from "./payload";
import { signatureHeaders } from "./sign";

/** Attempts per alert within one run; what still fails stays pending for the next run. */
export const ATTEMPTS_PER_RUN = 3;

/** Seams for tests. */
export interface DeliveryDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** How one alert's delivery went in this run. */
export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/**
 * Posts one alert to the webhook: a timeout per attempt and up to three attempts with backoff and full jitter.
 * Only a 2xx counts as delivered. JSON deliveries are signed per Standard Webhooks when a secret is set. Errors
 * name the status or the failure, never the URL.
 *
 * @example
 * ```ts
 * const result = await deliver(alert, { ...config.webhook, url })
 * ```
 */
export async function deliver(
  alert: Alert,
  webhook: WebhookSettings & { url: string },
  deps: DeliveryDeps = {},
): Promise<Delivery> {
  const send = deps.fetch ?? ((input, init) => fetch(input, init));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const body = renderBody(alert, webhook.format);
  let error = "";
  for (let attempt = 1; attempt <= ATTEMPTS_PER_RUN; attempt++) {
    const signed =
      webhook.format === "json" && webhook.signingKey
        ? await signatureHeaders(webhook.signingKey, alert.id, Math.floor(Date.now() / 1000), body)
        : { "webhook-id": alert.id };
    const signal = AbortSignal.timeout(webhook.timeoutMs);
    try {
      const res = await send(webhook.url, {
        method: "POST",
        body,
        signal,
        headers: { "Content-Type": "application/json", "User-Agent": "kie-edge", ...signed },
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, attempts: attempt };
      error = `the webhook answered HTTP ${res.status}`;
    } catch {
      error = signal.aborted
        ? `the webhook did not answer within ${webhook.timeoutMs} ms`
        : "the webhook was unreachable";
    }
    if (attempt < ATTEMPTS_PER_RUN) await sleep(Math.random() * webhook.retryBackoffMs * 2 ** (attempt - 1));
  }
  return { ok: false, attempts: ATTEMPTS_PER_RUN, error };
}
