// A monitor that silently stops reading the balance is worse than none: CHECK_FAILURES_BEFORE_ALERT
// failed checks in a row raise monitor.check_failed once, and the next good read says so.
import { describe, expect, it } from "vitest";
import { runBalances, runCron, T0 } from "../support/cron";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";

const MIN10 = 10 * 60_000;

describe("check failures", () => {
  it("alerts after three failed checks, once, then when checks recover", async () => {
    await runBalances([500]);
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500 } });
    for (let i = 1; i <= 5; i++) await runCron(T0 + i * MIN10);
    sim.state.rules = [];
    await runBalances([500, 500], { start: T0 + 6 * MIN10 });

    const events = receiver.acknowledged().map((d) => JSON.parse(d.body));
    expect(events.map((e) => e.type)).toEqual(["monitor.check_failed", "monitor.check_recovered"]);
    expect(events[0].data).toMatchObject({ consecutiveFailures: 3, balance: null });
    expect(events[0].data.error).toMatch(/code 500/);
    expect(events[1].data).toMatchObject({ consecutiveFailures: 0, balance: 500 });
  });

  it("does not alert for fewer failures than the setting", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "network" }, times: 2 });
    await runBalances([500, 500, 500]);
    expect(receiver.events()).toEqual([]);
  });

  it("honours CHECK_FAILURES_BEFORE_ALERT", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 401, http: 200 } });
    await runCron(T0, { CHECK_FAILURES_BEFORE_ALERT: "1" });
    const [event] = receiver.acknowledged().map((d) => JSON.parse(d.body));
    expect(event.type).toBe("monitor.check_failed");
    expect(event.data.error).toMatch(/KIE_API_KEY/);
  });
});
