// A budget acts before the spend: a task whose estimate would take its caller past a budget is refused 402,
// naming the budget, what is spent and what is left, and kie.ai is never asked.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";
import { finishedTask } from "../support/usage";

const env = {
  CALLER_POLICIES: JSON.stringify({ alice: { budget: { daily: 10, monthly: 100 } } }),
  MODEL_PRICES: JSON.stringify({ "*": 4 }),
};
const task = { model: "google/imagen4-fast", input: { prompt: "a fox" } };

describe("budgets", () => {
  it("refuses, 402 and with no kie.ai call, the task that would pass the daily budget", async () => {
    sim.state.taskSettings.prices = { "*": 4 };
    await finishedTask("success", {}, { env });
    await finishedTask("success", {}, { env });
    const refused = await createTask(task, { env });
    expect(refused.res.status).toBe(402);
    expect(refused.body.msg).toMatch(/caller 'alice' is over its daily budget of 10 credits: 8 spent/);
    expect(refused.body.msg).toMatch(/2 left, and this task is estimated at 4/);
    expect(sim.state.calls["create-task"]).toBe(2);
    // Another caller, with no budget, is not held back.
    expect((await createTask(task, { env, token: TEST_TOKENS.bob })).res.status).toBe(200);
  });

  it("holds the estimate of a task in flight, and shows it in /usage/budgets", async () => {
    sim.state.taskSettings.durationMs = null;
    expect((await createTask(task, { env })).res.status).toBe(200);
    expect((await createTask(task, { env })).res.status).toBe(200);
    expect((await createTask(task, { env })).res.status).toBe(402);
    const { body } = await ask("/api/v1/usage/budgets", { env });
    expect(body.data).toEqual([
      {
        caller: "alice",
        daily: expect.objectContaining({ period: "daily", limit: 10, spent: 0, reserved: 8, left: 2 }),
        monthly: expect.objectContaining({ period: "monthly", limit: 100, spent: 0, reserved: 8, left: 92 }),
      },
    ]);
  });

  it("releases the reservation of a task that fails, or that kie.ai refuses", async () => {
    sim.state.taskSettings.prices = { "*": 4 };
    await finishedTask("fail", {}, { env });
    await finishedTask("fail", {}, { env });
    sim.state.rules.push({ endpoint: "create-task", fault: { kind: "status", code: 422 }, times: 1 });
    expect((await createTask(task, { env })).res.status).toBe(422);
    const { body } = await ask("/api/v1/usage/budgets", { env });
    expect(body.data).toEqual([expect.objectContaining({ daily: expect.objectContaining({ spent: 0, left: 10 }) })]);
    expect((await createTask(task, { env })).res.status).toBe(200);
  });
});
