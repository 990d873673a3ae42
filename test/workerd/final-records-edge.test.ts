// A finished task's record is answered at the edge — from the isolate's memory or KV, where the coordinator
// publishes it — without asking the coordinator, and still only to its owner (an admin: anyone).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { resetIsolate } from "../../src/services";
import { coordinator } from "../support/coordinator";
import { TEST_TOKENS } from "../support/fixtures";
import { newTask, recordInfo, settled } from "../support/tasks";

async function finishedAndForgottenByTheCoordinator() {
  const taskId = await newTask();
  await settled();
  const first = await recordInfo(taskId);
  // The coordinator no longer has the task: only the edge can answer now.
  await runInDurableObject(coordinator(), (_, state) => {
    state.storage.sql.exec("DELETE FROM tasks WHERE task_id = ?", taskId);
  });
  return { taskId, first };
}

describe("a finished task's record at the edge", () => {
  it("is published to KV by the coordinator and answered from it, then from memory", async () => {
    const { taskId, first } = await finishedAndForgottenByTheCoordinator();
    expect(await env.STORE.get(`task:v1:${taskId}`, "json")).toMatchObject({ caller: "alice", kind: "jobs" });
    resetIsolate(); // a fresh isolate: nothing in memory, KV answers
    const again = await recordInfo(taskId);
    expect(again.res.headers.get("X-Cache")).toBe("HIT");
    expect(again.body).toEqual(first.body);
    await env.STORE.delete(`task:v1:${taskId}`); // memory answers now
    expect((await recordInfo(taskId)).body).toEqual(first.body);
  });

  it("answers another caller exactly as for an unknown task, and an admin as the owner", async () => {
    const { taskId, first } = await finishedAndForgottenByTheCoordinator();
    const theirs = await recordInfo(taskId, { token: TEST_TOKENS.bob });
    const unknown = await recordInfo("task_nobody_has", { token: TEST_TOKENS.bob });
    expect([theirs.res.status, theirs.body.msg]).toEqual([unknown.res.status, unknown.body.msg]);
    const admin = { CALLER_POLICIES: JSON.stringify({ bob: { admin: true } }) };
    expect((await recordInfo(taskId, { token: TEST_TOKENS.bob, env: admin })).body).toEqual(first.body);
  });
});
