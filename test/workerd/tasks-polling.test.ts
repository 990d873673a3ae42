// Polling a running task: the caller sees its own callBackUrl in param (never the gateway's), and concurrent polls
// share one kie.ai call — kie.ai allows about ten recordInfo calls a second per key.
import { describe, expect, it } from "vitest";
import { RELAY_URL } from "../support/fixtures";
import { sim } from "../support/network";
import { newTask, recordInfo } from "../support/tasks";

describe("polling a running task", () => {
  it("shows the caller's own callBackUrl in param, or none", async () => {
    sim.state.taskSettings.durationMs = null;
    const withUrl = await newTask({ callBackUrl: RELAY_URL });
    const without = await newTask();
    const shown = async (id: string) => {
      const { body } = await recordInfo(id);
      expect(JSON.stringify(body)).not.toContain("/callbacks/kie/");
      return JSON.parse((body.data as { param: string }).param) as { callBackUrl?: string };
    };
    expect((await shown(withUrl)).callBackUrl).toBe(RELAY_URL);
    expect(await shown(without)).not.toHaveProperty("callBackUrl");
  });

  it("answers concurrent polls of one task with one kie.ai call", async () => {
    sim.state.taskSettings.durationMs = null;
    const taskId = await newTask();
    sim.state.delayMs["record-info"] = 20;
    const answers = await Promise.all(Array.from({ length: 8 }, () => recordInfo(taskId)));
    expect(answers.map((a) => a.res.status)).toEqual(Array(8).fill(200));
    expect(answers.every((a) => (a.body.data as { state: string }).state === "generating")).toBe(true);
    expect(sim.state.calls["record-info"]).toBe(1);
  });

  it("asks kie.ai again while the task runs, and stops once it is final", async () => {
    sim.state.taskSettings.durationMs = null;
    const taskId = await newTask();
    await recordInfo(taskId);
    await sim.complete(taskId, "fail");
    const final = await recordInfo(taskId);
    expect(final.body.data).toMatchObject({ state: "fail", failMsg: "simulated failure" });
    const calls = sim.state.calls["record-info"];
    expect((await recordInfo(taskId)).res.headers.get("X-Cache")).toBe("HIT");
    expect(sim.state.calls["record-info"]).toBe(calls);
  });
});
