// A Suno music task reports in stages — text, first, complete — and each is relayed to the caller once, in that
// order, whatever order kie.ai sends them in, however often, and through a receiver's outage.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordinator";
import { coordinator } from "../support/coordinator";
import { startTask, verifiedRelays } from "../support/families";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { settled } from "../support/tasks";

/** A Suno music task called back in `plan`'s order (the stages not in it skipped), finished. */
async function music(plan: typeof sim.state.familySettings.sunoStages) {
  const taskId = await startTask("suno/generate");
  sim.state.familySettings.sunoStages = plan;
  await sim.complete(taskId);
  await settled();
  return taskId;
}

/** The callbackType of every relay of `taskId`, in order (each verified). */
async function relayed(taskId: string) {
  return (await verifiedRelays(taskId)).map((relay) => relay.data.callbackType);
}

describe("a Suno music task's stages", () => {
  it("are each relayed once, in order, as kie.ai reaches them", async () => {
    const taskId = await startTask("suno/generate");
    for (const stage of ["text", "first"] as const) {
      await sim.stage(taskId, stage);
      await settled();
    }
    await sim.complete(taskId);
    await settled();
    expect(await relayed(taskId)).toEqual(["text", "first", "complete"]);
  });

  const ALL = ["text", "first", "complete"];
  it.each([
    ["in order at once", ["text", "first", "complete"], ALL],
    ["twice", ["text", "text", "first", "first", "complete"], ALL],
    ["out of order", ["first", "text", "complete"], ALL],
    // The caller has the whole outcome already: a stage that comes after it is acknowledged, never relayed after it.
    ["with one after complete", ["text", "complete", "first"], ["text", "complete"]],
    // kie.ai may skip the partial stages: complete alone is relayed.
    ["skipping text and first", ["complete"], ["complete"]],
  ] as const)("sent %s are relayed once each, in order", async (_, plan, expected) => {
    const taskId = await music([...plan]);
    const sent = sim.state.callbacks.filter((c) => c.taskId === taskId);
    expect(sent.map((c) => [c.stage, c.status])).toEqual(plan.map((stage) => [stage, 200]));
    expect(await relayed(taskId)).toEqual(expected);
  });

  it("end in an error relayed with callbackType error and a non-200 code", async () => {
    const taskId = await startTask("suno/generate");
    await sim.stage(taskId, "text");
    await settled();
    await sim.complete(taskId, "fail");
    await settled();
    const relays = await verifiedRelays(taskId);
    expect(relays.map((relay) => relay.data.callbackType)).toEqual(["text", "error"]);
    expect(relays[1]?.code).toBeGreaterThanOrEqual(400);
  });

  it("reach a receiver that was down for the first, all of them in order, once it is back", async () => {
    let down = true;
    receiver.respond = () => (down ? 503 : 200);
    const taskId = await music(["text", "first", "complete"]);
    // Nothing overtakes the stage still owed: only text was tried.
    expect(new Set(receiver.deliveries.map((d) => JSON.parse(d.body).data.callbackType))).toEqual(new Set(["text"]));
    down = false;
    await runInDurableObject(coordinator(), (_: Coordinator, state) => {
      state.storage.sql.exec("UPDATE relays SET next_at = 0 WHERE next_at IS NOT NULL");
    });
    await runDurableObjectAlarm(coordinator());
    await settled();
    expect(await relayed(taskId)).toEqual(["text", "first", "complete"]);
  });
});
