// Reservation and check are one transaction: however many createTask calls arrive together, a budget is never
// overshot by a single task.
import { describe, expect, it } from "vitest";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";

const env = {
  CALLER_POLICIES: JSON.stringify({ alice: { budget: { daily: 10 } } }),
  MODEL_PRICES: JSON.stringify({ "*": 1 }),
  KIE_TASK_RATE: "1000",
};

describe("a budget under concurrency", () => {
  it("admits exactly 10 of 50 concurrent tasks against a budget of 10", async () => {
    sim.state.taskSettings.durationMs = null;
    sim.state.taskRate.limit = 1000;
    const task = { model: "google/imagen4-fast", input: { prompt: "a fox" } };
    const answers = await Promise.all(Array.from({ length: 50 }, () => createTask(task, { env })));
    const statuses = answers.map((a) => a.res.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(40);
    expect(sim.state.calls["create-task"]).toBe(10);
  });
});
