// The leaked-key alarm over real HTTP: the cron's credit check sees the simulator's balance drop 200 credits with no
// task behind them and tells credits.unattributed_spend once, with the figures; a top-up, and then spend that
// kie-edge's own tasks explain, tell nothing more.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { alertsAt, runCron, untilSettled, usageRows } from "./support/ledger";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";
import { createTask } from "./support/tasks";

const hook = useReceiver();

const stack = useStack(
  () => ({
    UNATTRIBUTED_SPEND_ALERT: "50,10%",
    FORECAST_HOURS: "0",
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_RETRY_BACKOFF_MS: "1",
  }),
  { args: ["--test-scheduled"] },
);
const unattributed = () => alertsAt(hook, "credits.unattributed_spend");

describe("unattributed spend through the cron", () => {
  it("is told once, with the figures, when 200 credits go with no task behind them", async () => {
    stack.sim.state.balance = 1000;
    await runCron(stack);
    stack.sim.state.balance = 800;
    await runCron(stack);
    expect(unattributed()).toHaveLength(1);
    expect(unattributed()[0]?.data).toMatchObject({
      balance: 800,
      state: "ok",
      spend: { drop: 200, recorded: 0, inFlight: 0, unexplained: 200 },
    });
    // Nothing else was told: no level alert (1000 and 800 are well above the thresholds), no forecast.
    expect(alertsAt(hook).map((a) => a.type)).toEqual(["credits.unattributed_spend"]);
  });

  it("tells nothing more for a top-up", async () => {
    stack.sim.state.balance = 1500;
    await runCron(stack);
    expect(alertsAt(hook)).toHaveLength(1);
  });

  it("tells nothing more for spend that kie-edge's tasks explain", async () => {
    stack.sim.state.taskSettings.prices = { "*": 100 };
    stack.sim.state.taskSettings.durationMs = null;
    const tasks = await Promise.all([1, 2, 3].map(() => createTask(stack, TEST_TOKENS.alice)));
    expect(tasks.map((t) => t.status)).toEqual([200, 200, 200]);
    await Promise.all(tasks.map((t) => stack.sim.complete(t.taskId, "success")));
    expect(stack.sim.state.balance).toBe(1200);
    await untilSettled(stack, TEST_TOKENS.alice, 3);
    expect(await usageRows(stack, TEST_TOKENS.alice)).toMatchObject([
      { caller: "alice", tasks: 3, credits: 300, reportedCredits: 300 },
    ]);
    await runCron(stack);
    expect(alertsAt(hook)).toHaveLength(1);
    // Every check's figures are kept: the unattributed spend by day adds up to the first interval's 200 alone.
    const res = await stack.ask("/api/v1/usage?groupBy=day");
    const { data } = (await res.json()) as { data: { unattributed: { day: string; credits: number }[] } };
    expect(data.unattributed.reduce((sum, d) => sum + d.credits, 0)).toBe(200);
  });
});
