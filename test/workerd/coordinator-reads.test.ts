// A status or history read never waits behind a slow check: the check waits on kie.ai with no storage
// operation in flight, so the coordinator answers reads meanwhile.
import { describe, expect, it } from "vitest";
import { MONITOR_ENV, runCron } from "../support/cron";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

describe("reads during a slow check", () => {
  it("are answered before the check ends", async () => {
    sim.state.balance = 300;
    await runCron(Date.now() - 60_000);
    sim.state.delayMs.credit = 1_500;
    const order: string[] = [];
    const check = ask("/api/v1/monitor/check", {
      method: "POST",
      env: { ...MONITOR_ENV, MONITOR_CHECK_MIN_INTERVAL_S: "0" },
    }).then(() => order.push("check"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const status = ask("/api/v1/monitor/status", { env: MONITOR_ENV }).then(({ body }) => {
      order.push("status");
      return body;
    });
    const history = ask("/api/v1/monitor/history?hours=1", { env: MONITOR_ENV }).then(() => order.push("history"));
    await Promise.all([check, status, history]);
    expect(order.at(-1)).toBe("check");
    expect((await status).data).toMatchObject({ lastBalance: 300 });
  });
});
