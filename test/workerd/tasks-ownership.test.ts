// A task's record goes only to the caller that created it: another caller's id answers exactly like an unknown
// one, so ids cannot be probed; an admin caller sees every task.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { sim } from "../support/network";
import { newTask, recordInfo } from "../support/tasks";

describe("task ownership", () => {
  it("gives the creator its record", async () => {
    const taskId = await newTask();
    const { res, body } = await recordInfo(taskId);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ code: 200, msg: "success", message: "success", data: { taskId, state: "success" } });
  });

  it("answers another caller exactly as for an unknown task, without asking kie.ai", async () => {
    const taskId = await newTask();
    const calls = sim.state.calls["record-info"];
    const theirs = await recordInfo(taskId, { token: TEST_TOKENS.bob });
    const unknown = await recordInfo("task_ffffffffffffffffffffffffffffffff", { token: TEST_TOKENS.bob });
    expect(theirs.res.status).toBe(404);
    expect(theirs.body).toEqual(unknown.body);
    expect(sim.state.calls["record-info"]).toBe(calls);
  });

  it("shows an admin caller every task", async () => {
    const taskId = await newTask();
    const env = { CALLER_POLICIES: JSON.stringify({ bob: { admin: true } }) };
    const { res, body } = await recordInfo(taskId, { token: TEST_TOKENS.bob, env });
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ taskId });
  });
});
