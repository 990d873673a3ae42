// A caller passing 80 % and then 100 % of a budget is told once each per period, through the monitor's webhook
// with its signing, formats and never-lost delivery.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordinator";
import { coordinator } from "../support/coordinator";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { createTask } from "../support/tasks";
import { finishedTask } from "../support/usage";

const env = { CALLER_POLICIES: JSON.stringify({ alice: { budget: { daily: 5 } } }) };
const budgetEvents = () =>
  receiver.events().filter((e) => e.type.startsWith("budget.")) as unknown as {
    type: string;
    data: { caller: string; budget: { period: string; spent: number; limit: number; left: number } };
  }[];

describe("budget alerts", () => {
  it("raises budget.threshold at 80 % and budget.exhausted at 100 %, once each", async () => {
    sim.state.taskSettings.prices = { "*": 1 };
    for (let i = 0; i < 3; i++) await finishedTask("success", {}, { env });
    expect(budgetEvents()).toEqual([]);
    await finishedTask("success", {}, { env });
    await finishedTask("success", {}, { env });
    await runInDurableObject(coordinator(), (instance: Coordinator) => instance.idle());
    const events = budgetEvents();
    expect(events.map((e) => e.type)).toEqual(["budget.threshold", "budget.exhausted"]);
    expect(events[0]?.data).toMatchObject({
      caller: "alice",
      budget: { period: "daily", spent: 4, limit: 5, left: 1 },
    });
    expect(events[1]?.data.budget).toMatchObject({ spent: 5, left: 0 });
  });

  it("tells a budget exhausted at one stroke once, with no threshold alert, and refuses what follows", async () => {
    // No price and no history: the first task's cost is unknown, so it may go while the budget has room.
    sim.state.taskSettings.prices = { "*": 7 };
    await finishedTask("success", {}, { env });
    const refused = await createTask({ model: "google/imagen4-fast", input: {} }, { env });
    expect(refused.res.status).toBe(402);
    await runInDurableObject(coordinator(), (instance: Coordinator) => instance.idle());
    expect(budgetEvents().map((e) => e.type)).toEqual(["budget.exhausted"]);
  });
});
