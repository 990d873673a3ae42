// The dashboard's task table: per caller, tasks in flight and those finished in the last day, each caller seeing
// only its own row unless its policy makes it an admin.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { newTask, settled } from "../support/tasks";

const summary = async (token: string, env?: Record<string, string>) =>
  ((await ask("/api/v1/tasks/summary", { token, env })).body.data as { callers: unknown[] }).callers;

describe("GET /api/v1/tasks/summary", () => {
  it("counts in-flight, succeeded and failed tasks per caller, each caller seeing its own", async () => {
    sim.state.taskSettings.durationMs = null;
    const [done, failed] = [await newTask(), await newTask()];
    await newTask();
    await newTask({}, { token: TEST_TOKENS.bob });
    await sim.complete(done, "success");
    await sim.complete(failed, "fail");
    await settled();

    const aliceCounts = { inFlight: 1, succeeded: 1, failed: 1 };
    const bobCounts = { inFlight: 1, succeeded: 0, failed: 0 };
    const alice = { caller: "alice", ...aliceCounts, families: { jobs: aliceCounts } };
    const bob = { caller: "bob", ...bobCounts, families: { jobs: bobCounts } };
    expect(await summary(TEST_TOKENS.alice)).toEqual([alice]);
    expect(await summary(TEST_TOKENS.bob)).toEqual([bob]);
    const admin = { CALLER_POLICIES: JSON.stringify({ bob: { admin: true } }) };
    expect(await summary(TEST_TOKENS.bob, admin)).toEqual([alice, bob]);
  });
});
