// Alerts are never lost because a chat service had a bad minute, and never sent twice once acknowledged:
// an undelivered alert stays pending in KV and is retried on later runs with the same id.
import { describe, expect, it, vi } from "vitest";
import { HOUR, MONITOR_ENV, runBalances, runCron, T0 } from "../support/cron";
import { ask } from "../support/gateway";
import { receiver } from "../support/receiver";

const MIN10 = 10 * 60_000;

describe("webhook delivery", () => {
  it("keeps an alert through two failed runs and delivers it once on the third, same id", async () => {
    receiver.respond = () => 500;
    await runBalances([80, 80]);
    receiver.respond = () => 200;
    await runBalances([80, 80], { start: T0 + 2 * MIN10 });

    const ids = receiver.deliveries.map((d) => d.headers["webhook-id"]);
    expect(receiver.deliveries.map((d) => d.status)).toEqual([500, 500, 500, 500, 500, 500, 200]);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.events().map((e) => [e.type, e.id])).toEqual([["credits.low", ids[0]]]);
  });

  it.each(["drop", "hang"] as const)("retries a receiver that does not answer (%s) the same way", async (how) => {
    receiver.respond = () => how;
    await runBalances([80], { env: { ALERT_WEBHOOK_TIMEOUT_MS: "100" } });
    receiver.respond = () => 200;
    await runCron(T0 + MIN10);
    expect(receiver.deliveries).toHaveLength(4);
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low"]);
  });

  it("keeps order: a later alert waits behind an earlier undelivered one", async () => {
    receiver.respond = () => 503;
    await runBalances([80, 10], { env: { FORECAST_HOURS: "0" } });
    receiver.respond = () => 200;
    await runCron(T0 + 2 * MIN10, { FORECAST_HOURS: "0" });
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.critical"]);
  });

  it("drops and logs an alert still undelivered after ALERT_MAX_AGE_HOURS", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    receiver.respond = () => 500;
    await runBalances([80]);
    await runCron(T0 + 2 * HOUR, { ALERT_MAX_AGE_HOURS: "1" });
    receiver.respond = () => 200;
    await runCron(T0 + 3 * HOUR, { ALERT_MAX_AGE_HOURS: "1" });
    expect(receiver.events()).toEqual([]);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ msg: "alert_dropped", type: "credits.low" }));
    error.mockRestore();
  });

  it("drops pending alerts as soon as the webhook is removed, saying why", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    receiver.respond = () => 500;
    await runBalances([80]);
    const noWebhook = { ALERT_WEBHOOK_URL: "" };
    await runCron(T0 + 10 * 60_000, noWebhook);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({
        msg: "alert_dropped",
        type: "credits.low",
        reason: expect.stringMatching(/ALERT_WEBHOOK_URL/),
      }),
    );
    const { body } = await ask("/api/v1/monitor/status", { env: { ...MONITOR_ENV, ...noWebhook } });
    expect(body.data).toMatchObject({
      pendingAlerts: [],
      recentAlerts: [expect.objectContaining({ type: "credits.low", outcome: "dropped" })],
    });
    error.mockRestore();
  });
});
