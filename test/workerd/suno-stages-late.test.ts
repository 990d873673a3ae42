// A stage kie.ai announced but the record had already passed when kie-edge looked is still relayed, before the
// outcome: the caller gets every stage kie.ai called back about, in order.
import { describe, expect, it } from "vitest";
import { startTask, verifiedRelays } from "../support/families";
import { workerFetch } from "../support/gateway";
import { sim } from "../support/network";
import { settled } from "../support/tasks";

describe("a Suno stage announced after the record moved on", () => {
  it("is relayed before the outcome, once", async () => {
    const taskId = await startTask("suno/generate");
    sim.state.callbackFault = { kind: "drop" };
    await sim.complete(taskId);
    await settled();
    // kie.ai's `text` callback reaches kie-edge only now, when the record already says SUCCESS.
    const callback = sim.state.tasks[taskId]?.callBackUrl ?? "";
    const body = {
      code: 200,
      msg: "text generation succeeded.",
      data: { callbackType: "text", task_id: taskId, data: [] },
    };
    const res = await workerFetch(new Request(callback, { method: "POST", body: JSON.stringify(body) }));
    expect(res.status).toBe(200);
    await settled();
    const relays = await verifiedRelays(taskId);
    expect(relays.map((relay) => relay.data.callbackType)).toEqual(["text", "complete"]);
  });
});
