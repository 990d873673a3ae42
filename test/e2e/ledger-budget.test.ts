// A budget over real HTTP: 50 createTask at once from one caller against a daily budget of 10 tasks admit exactly
// 10 (kie.ai sees 10 and no more) and refuse 40 with 402 naming the budget; finishing the 10 tells the caller's
// budget.threshold and budget.exhausted to the monitor's webhook once each, signed.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { alertsAt, untilSettled, verifyAlert } from "./support/ledger";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";
import { createTask } from "./support/tasks";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const hook = useReceiver();

const stack = useStack(
  () => ({
    KIE_TASK_RATE: "1000",
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_WEBHOOK_SECRET: SECRET,
    ALERT_RETRY_BACKOFF_MS: "1",
    CALLER_POLICIES: JSON.stringify({ alice: { budget: { daily: 10 } } }),
    MODEL_PRICES: JSON.stringify({ "*": 1 }),
  }),
  { rateLimit: 1_000_000 },
);
beforeAll(() => {
  stack.sim.state.taskRate.limit = 1000;
  stack.sim.state.taskSettings.durationMs = null; // finished by hand, once all 50 are answered
  stack.sim.state.taskSettings.prices = { "*": 1 };
});

describe("a daily budget of 10 tasks over real HTTP", () => {
  let admitted: string[] = [];

  it("admits exactly 10 of 50 concurrent createTask, refuses 40 with 402 naming the budget", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => createTask(stack, TEST_TOKENS.alice)));
    admitted = answers.filter((a) => a.status === 200).map((a) => a.taskId);
    const refused = answers.filter((a) => a.status === 402);
    const statuses: Record<number, number> = {};
    for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
    expect(statuses, JSON.stringify(answers.find((a) => a.status !== 200 && a.status !== 402)?.body)).toEqual({
      200: 10,
      402: 40,
    });
    expect(new Set(admitted).size).toBe(10);
    for (const { body } of refused) {
      expect(body).toMatchObject({ code: 402, data: null });
      expect(body.msg).toMatch(/^caller 'alice' is over its daily budget of 10 credits: 0 spent, 10 held .*0 left/);
    }
    expect(stack.sim.state.calls["create-task"]).toBe(10);
    expect(stack.sim.state.createLog).toHaveLength(10);
    const budgets = await (await stack.ask("/api/v1/usage/budgets")).json();
    expect(budgets).toMatchObject({
      data: [{ caller: "alice", daily: { limit: 10, spent: 0, reserved: 10, left: 0 }, monthly: null }],
    });
  });

  it("tells budget.threshold and budget.exhausted once each, signed, when the 10 tasks finish", async () => {
    expect(admitted).toHaveLength(10);
    await Promise.all(admitted.map((taskId) => stack.sim.complete(taskId, "success")));
    await untilSettled(stack, TEST_TOKENS.alice, 10);
    await vi.waitFor(() => expect(alertsAt(hook, "budget.exhausted")).toHaveLength(1), { timeout: 20_000 });
    const posts = hook.posts.filter((p) => p.status === 200);
    const alerts = posts.map((p) => verifyAlert(SECRET, p));
    expect(alerts.map((a) => a.type)).toEqual(["budget.threshold", "budget.exhausted"]);
    expect(alerts[0]?.data).toMatchObject({ caller: "alice", budget: { period: "daily", limit: 10, spent: 8 } });
    expect(alerts[1]?.data).toMatchObject({ caller: "alice", budget: { period: "daily", spent: 10, left: 0 } });
    expect(new Set(posts.map((p) => p.headers["webhook-id"])).size).toBe(2);
    // The budget is used up: the next task is refused, and nothing more is told.
    expect((await createTask(stack, TEST_TOKENS.alice)).status).toBe(402);
    expect(stack.sim.state.calls["create-task"]).toBe(10);
    expect(alertsAt(hook).map((a) => a.type)).toEqual(["budget.threshold", "budget.exhausted"]);
  });
});
