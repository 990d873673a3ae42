// The coordinator keeps nothing that matters in memory: evicted between every step, it loses no sample, no
// state and no alert, and repeats none.
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { coordinator } from "../support/coordinator";
import { MINUTE, MONITOR_ENV, runCron, T0 } from "../support/cron";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";

describe("an evicted coordinator", () => {
  it("goes on where it was", async () => {
    const balances = [500, 80, 80, 10, 10, 500];
    for (const [i, balance] of balances.entries()) {
      sim.state.balance = balance;
      await runCron(T0 + i * 10 * MINUTE, { FORECAST_HOURS: "0" });
      await evictDurableObject(coordinator());
    }
    expect(receiver.events().map((e) => e.type)).toEqual(["credits.low", "credits.critical", "credits.recovered"]);
    const { body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(body.data).toMatchObject({ samples: 6, state: "ok", lastBalance: 500, pendingAlerts: [] });
  });
});
