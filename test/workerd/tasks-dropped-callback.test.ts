// A callback kie.ai never sends does not lose the outcome: the coordinator's alarm looks at the task itself, records
// what kie.ai says, and relays it to the caller as if the callback had come.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordinator";
import { coordinator } from "../support/coordinator";
import { RELAY_URL } from "../support/fixtures";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { newTask, recordInfo, settled } from "../support/tasks";

describe("a dropped kie.ai callback", () => {
  it("is made good by the alarm's own look at the task, relayed once", async () => {
    sim.state.taskSettings.durationMs = null;
    sim.state.callbackFault = { kind: "drop" };
    const taskId = await newTask({ callBackUrl: RELAY_URL });
    await sim.complete(taskId, "success");
    await settled();
    expect(receiver.relays()).toEqual([]);

    // The first look is due minutes after creation; bring it forward instead of waiting.
    await runInDurableObject(coordinator(), (_: Coordinator, state) => {
      state.storage.sql.exec("UPDATE tasks SET next_check_at = 0 WHERE task_id = ?", taskId);
    });
    await runDurableObjectAlarm(coordinator());
    await settled();
    expect(JSON.parse(receiver.singleRelay().body)).toMatchObject({ code: 200, data: { taskId, state: "success" } });

    const calls = sim.state.calls["record-info"];
    const { res, body } = await recordInfo(taskId);
    expect(res.headers.get("X-Cache")).toBe("HIT");
    expect(body.data).toMatchObject({ state: "success" });
    expect(sim.state.calls["record-info"]).toBe(calls);
  });
});
