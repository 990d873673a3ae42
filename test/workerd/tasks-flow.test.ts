// A task through the gateway from end to end: created with the server's key and the gateway's own callback,
// called back by kie.ai, confirmed, and relayed to the caller's callBackUrl — signed — once.

import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { RELAY_URL, TEST_CALLBACK_KEY } from "../support/fixtures";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { newTask, recordInfo, settled } from "../support/tasks";

describe("a task through kie-edge", () => {
  it("is sent with the gateway's callback URL and relayed to the caller's, signed, once", async () => {
    sim.state.taskSettings.durationMs = null;
    const taskId = await newTask({ callBackUrl: RELAY_URL });
    const sent = sim.state.tasks[taskId];
    expect(sent?.callBackUrl).toMatch(/^https:\/\/kie-edge\.test\/callbacks\/kie\/[A-Za-z0-9_-]{43}$/);

    await sim.complete(taskId, "success");
    await settled();
    const relay = receiver.singleRelay();
    const { data: secret } = (await ask("/api/v1/callbacks/secret")).body as { data: { secret: string } };
    const body = new Webhook(secret.secret).verify(relay.body, relay.headers) as {
      code: number;
      data: { taskId: string; state: string; param: string };
    };
    expect(body.code).toBe(200);
    expect(body.data).toMatchObject({ taskId, state: "success" });
    expect(JSON.parse(body.data.param).callBackUrl).toBe(RELAY_URL);
    expect(TEST_CALLBACK_KEY).not.toBe(secret.secret);
  });

  it("serves the final record from the coordinator without asking kie.ai again", async () => {
    const taskId = await newTask();
    await settled();
    const first = await recordInfo(taskId);
    const calls = sim.state.calls["record-info"];
    const again = await recordInfo(taskId);
    expect(again.res.headers.get("X-Cache")).toBe("HIT");
    expect(again.body).toEqual(first.body);
    expect(sim.state.calls["record-info"]).toBe(calls);
  });
});
