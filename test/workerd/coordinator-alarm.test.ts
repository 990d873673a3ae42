// An alert the webhook did not take is redelivered by the coordinator's alarm — with the same id, once, and
// without waiting for the next cron run — including after the object was evicted from memory.
import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { coordinator } from "../support/coordinator";
import { runCron } from "../support/cron";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";

describe("redelivery by alarm", () => {
  it("delivers a pending alert once, same id, when the receiver is back", async () => {
    receiver.respond = () => 500;
    sim.state.balance = 80;
    await runCron(Date.now());
    const failedIds = new Set(receiver.deliveries.map((d) => d.headers["webhook-id"]));
    expect(failedIds.size).toBe(1);

    receiver.respond = () => 200;
    expect(await runDurableObjectAlarm(coordinator())).toBe(true);
    const [event] = receiver.events();
    expect(receiver.events()).toHaveLength(1);
    expect(failedIds.has(event?.id)).toBe(true);
    // Nothing left to send: the next alarm, if any, sends nothing.
    await runDurableObjectAlarm(coordinator());
    expect(receiver.acknowledged()).toHaveLength(1);
  });

  it("keeps waiting while the receiver is still down, then delivers after an eviction", async () => {
    receiver.respond = () => 503;
    sim.state.balance = 10;
    await runCron(Date.now());
    await runDurableObjectAlarm(coordinator());
    expect(receiver.acknowledged()).toHaveLength(0);
    await evictDurableObject(coordinator());
    receiver.respond = () => 200;
    await runDurableObjectAlarm(coordinator());
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.critical"]);
    expect(new Set(receiver.deliveries.map((d) => d.headers["webhook-id"])).size).toBe(1);
  });
});
