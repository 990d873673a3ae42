// kie.ai's callbacks, checked before anything is believed: the HMAC signature and its time window when the account
// signs them, the reference's own task, and a repeat acknowledged without a second relay.
import { beforeEach, describe, expect, it } from "vitest";
import { kieSignature } from "../../src/tasks";
import { RELAY_URL } from "../support/fixtures";
import { workerFetch } from "../support/gateway";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { newTask, settled } from "../support/tasks";

const KEY = "kie-webhook-hmac-key-0123456789";
const signed = { KIE_WEBHOOK_HMAC_KEY: KEY };

beforeEach(() => {
  sim.state.webhookHmacKey = KEY;
  sim.state.sendCallback = (url, init) => workerFetch(new Request(url, init), signed);
  sim.state.taskSettings.durationMs = null;
});

async function completed(fault?: typeof sim.state.callbackFault) {
  const taskId = await newTask({ callBackUrl: RELAY_URL });
  sim.state.callbackFault = fault;
  await sim.complete(taskId, "success");
  await settled();
  return { taskId, answers: sim.state.callbacks.filter((c) => c.taskId === taskId).map((c) => c.status) };
}

describe("kie.ai callbacks", () => {
  it("takes a signed callback and relays the outcome once", async () => {
    expect((await completed()).answers).toEqual([200]);
    expect(receiver.relays()).toHaveLength(1);
  });

  it.each([
    ["a bad signature", { kind: "bad-signature" as const }],
    ["a timestamp over 300 s old", { kind: "stale-timestamp" as const, skewS: 301 }],
  ])("refuses %s with 401 and relays nothing", async (_, fault) => {
    expect((await completed(fault)).answers).toEqual([401]);
    expect(receiver.relays()).toHaveLength(0);
  });

  it("acknowledges a repeated callback and relays once", async () => {
    expect((await completed({ kind: "duplicate" })).answers).toEqual([200, 200]);
    expect(receiver.relays()).toHaveLength(1);
  });

  it("finds the task id as task_id or at the top level", async () => {
    expect((await completed({ kind: "snake-case" })).answers).toEqual([200]);
    expect((await completed({ kind: "top-level-id" })).answers).toEqual([200]);
    expect(receiver.relays()).toHaveLength(2);
  });

  it("refuses, 401, a callback naming another task than its reference's, even signed for it", async () => {
    const mine = await newTask();
    const other = await newTask();
    const ts = Math.floor(Date.now() / 1000);
    const res = await workerFetch(
      new Request(sim.state.tasks[mine]?.callBackUrl ?? "", {
        method: "POST",
        headers: { "X-Webhook-Timestamp": String(ts), "X-Webhook-Signature": await kieSignature(KEY, other, ts) },
        body: JSON.stringify({ code: 200, data: { taskId: other, state: "success" } }),
      }),
      signed,
    );
    expect(res.status).toBe(401);
  });

  it("answers 404 for a reference no task has", async () => {
    const res = await workerFetch(
      new Request(`https://kie-edge.test/callbacks/kie/${"A".repeat(43)}`, {
        method: "POST",
        body: JSON.stringify({ data: { taskId: "task_1" } }),
      }),
    );
    expect(res.status).toBe(404);
  });
});
