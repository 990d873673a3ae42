// A callback kie.ai never sends loses no family's outcome: the coordinator's own look at the task finds it final in
// the family's record, keeps it, and relays it once, in the family's own shape.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordinator";
import { textAt } from "../../src/families";
import { coordinator } from "../support/coordinator";
import { KIND_OPS, recordOf, relayedResults, relayShape, startTask, verifiedRelays } from "../support/families";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { settled } from "../support/tasks";

describe.each(KIND_OPS)("%s", (_, kind, op) => {
  it("with its callback dropped, is found by the coordinator's look and relayed once in the family's shape", async () => {
    const taskId = await startTask(op);
    sim.state.callbackFault = { kind: "drop" };
    await sim.complete(taskId);
    await settled();
    expect(sim.state.callbacks.filter((c) => c.taskId === taskId)).toEqual([]);
    expect(receiver.relays()).toEqual([]);

    // The first look is due minutes after creation; bring it forward instead of waiting.
    await runInDurableObject(coordinator(), (_: Coordinator, state) => {
      state.storage.sql.exec("UPDATE tasks SET next_check_at = 0 WHERE task_id = ?", taskId);
    });
    await runDurableObjectAlarm(coordinator());
    await settled();
    const [relay, ...more] = await verifiedRelays(taskId);
    expect(more).toEqual([]);
    expect(relay).toMatchObject({ code: 200, ...relayShape(kind).success });
    expect(textAt(relay, relayShape(kind).id)).toBe(taskId);

    const calls = sim.state.callsByPath[kind.path];
    const { res, body } = await recordOf(kind.path, taskId);
    expect(res.headers.get("X-Cache")).toBe("HIT");
    expect(sim.state.callsByPath[kind.path]).toBe(calls);
    const { relayed, recorded } = relayedResults(kind, relay, body.data as Record<string, unknown>);
    expect(recorded.length).toBeGreaterThan(0);
    expect(relayed).toEqual(recorded);

    // The alarm again finds nothing more to send.
    await runDurableObjectAlarm(coordinator());
    await settled();
    expect(receiver.relays()).toHaveLength(1);
  });
});
