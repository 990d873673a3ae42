// POST /monitor/check is a manual check, not a way to flood kie.ai and KV: within MONITOR_CHECK_MIN_INTERVAL_S
// of the last check it answers that check's result without asking kie.ai or writing, and concurrent asks share
// one check.
import { describe, expect, it } from "vitest";
import { MONITOR_ENV } from "../support/cron";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

const check = (env: Record<string, unknown> = {}) =>
  ask("/api/v1/monitor/check", { method: "POST", env: { ...MONITOR_ENV, ...env } });

describe("manual checks", () => {
  it("answer the last result within MONITOR_CHECK_MIN_INTERVAL_S, without asking kie.ai", async () => {
    sim.state.balance = 80;
    const first = await check();
    sim.state.balance = 70;
    const second = await check();
    expect(sim.state.calls.credit).toBe(1);
    expect(first.body.data).toMatchObject({ balance: 80, reused: false, raised: [{ type: "credits.low" }] });
    expect(second.body.data).toMatchObject({ balance: 80, reused: true, raised: [], state: "low" });
    const { body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(body.data).toMatchObject({ samples: 1 });
  });

  it("share one check when they come at once", async () => {
    sim.state.delayMs.credit = 20;
    const answers = await Promise.all(Array.from({ length: 8 }, () => check()));
    expect(sim.state.calls.credit).toBe(1);
    expect(new Set(answers.map((a) => (a.body.data as { checkedAt: string }).checkedAt)).size).toBe(1);
  });

  it("check every time when the interval is 0", async () => {
    await check({ MONITOR_CHECK_MIN_INTERVAL_S: "0" });
    await check({ MONITOR_CHECK_MIN_INTERVAL_S: "0" });
    expect(sim.state.calls.credit).toBe(2);
  });
});
