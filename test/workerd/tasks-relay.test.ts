// The relay to the caller's callBackUrl: verifiable with kie.ai's own scheme as well as Standard Webhooks, carrying
// what recordInfo confirmed rather than what the callback claimed, and never lost to a receiver's bad minute.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordinator";
import { kieSignature } from "../../src/tasks";
import { coordinator } from "../support/coordinator";
import { RELAY_URL } from "../support/fixtures";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { newTask, settled } from "../support/tasks";

type Relayed = { code: number; data: { taskId: string; state: string; resultJson: string } };

async function finished(outcome: "success" | "fail" = "success") {
  sim.state.taskSettings.durationMs = null;
  const taskId = await newTask({ callBackUrl: RELAY_URL });
  await sim.complete(taskId, outcome);
  await settled();
  return taskId;
}

describe("relays", () => {
  it("verify with kie.ai's scheme, keyed with the decoded whsec_ secret", async () => {
    const taskId = await finished();
    const relay = receiver.singleRelay();
    const { data } = (await ask("/api/v1/callbacks/secret")).body as { data: { secret: string } };
    const key = Uint8Array.from(atob(data.secret.slice("whsec_".length)), (c) => c.charCodeAt(0));
    const timestamp = relay.headers["x-webhook-timestamp"] ?? "";
    expect(relay.headers["x-webhook-signature"]).toBe(await kieSignature(key, taskId, timestamp));
    expect(relay.headers["webhook-timestamp"]).toBe(timestamp);
  });

  it("carry the state recordInfo confirmed, not a callback body that lies", async () => {
    sim.state.callbackFault = { kind: "lying-body" };
    const taskId = await finished("fail");
    const relayed = JSON.parse(receiver.singleRelay().body) as Relayed;
    expect(relayed.code).toBe(501);
    expect(relayed.data).toMatchObject({ taskId, state: "fail" });
    expect(receiver.singleRelay().body).not.toContain("not-the-result");
  });

  it("are redelivered by the alarm after an outage, once, with the same id", async () => {
    receiver.respond = () => 503;
    const taskId = await finished();
    const failed = new Set(receiver.deliveries.map((d) => d.headers["webhook-id"]));
    expect(failed.size).toBe(1);

    receiver.respond = () => 200;
    // The redelivery is due ALERT_REDELIVER_SECONDS later; bring it forward instead of waiting.
    await runInDurableObject(coordinator(), (_: Coordinator, state) => {
      state.storage.sql.exec("UPDATE relays SET next_at = 0");
    });
    await runDurableObjectAlarm(coordinator());
    await runInDurableObject(coordinator(), (instance: Coordinator) => instance.idle());
    const relay = receiver.singleRelay();
    expect(failed.has(relay.headers["webhook-id"])).toBe(true);
    expect((JSON.parse(relay.body) as Relayed).data.taskId).toBe(taskId);

    await runDurableObjectAlarm(coordinator());
    expect(receiver.relays()).toHaveLength(1);
  });
});
