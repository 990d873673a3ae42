// Receivers must be able to trust an alert: JSON deliveries are signed per Standard Webhooks, checked here
// with the `standardwebhooks` package (an independent implementation), tampering included.

import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { runBalances } from "../support/cron";
import { ask } from "../support/gateway";
import { receiver } from "../support/receiver";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("Standard Webhooks signatures", () => {
  it("signs every JSON delivery so the standard verifier accepts it", async () => {
    await runBalances([80, 10], { env: { ALERT_WEBHOOK_SECRET: SECRET, FORECAST_HOURS: "0" } });
    const deliveries = receiver.acknowledged();
    expect(deliveries).toHaveLength(2);
    for (const { headers, body } of deliveries) {
      expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    }
  });

  it("fails verification for a tampered body or a different secret", async () => {
    await runBalances([80], { env: { ALERT_WEBHOOK_SECRET: SECRET } });
    const { headers, body } = receiver.single();
    const tampered = body.replace('"balance":80', '"balance":8000');
    expect(tampered).not.toBe(body);
    expect(() => new Webhook(SECRET).verify(tampered, headers)).toThrow();
    expect(() => new Webhook("whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY").verify(body, headers)).toThrow();
  });

  it("sends the id but no signature when no secret is set", async () => {
    await runBalances([80]);
    const { headers } = receiver.single();
    expect(headers["webhook-id"]).toMatch(/^msg_/);
    expect(headers["webhook-signature"]).toBeUndefined();
  });

  it("refuses a malformed secret at startup", async () => {
    const { body } = await ask("/healthz", { token: null, env: { ALERT_WEBHOOK_SECRET: "not-a-secret" } });
    expect(JSON.stringify(body)).toMatch(/ALERT_WEBHOOK_SECRET must be whsec_/);
    expect(JSON.stringify(body)).not.toContain("not-a-secret");
  });
});
