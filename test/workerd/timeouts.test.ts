// An upstream that never answers costs the caller a bounded wait and a 504 that says so, not a hang.
import { describe, expect, it } from "vitest";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

describe("timeouts", () => {
  it("gives up on a hanging upstream after every attempt timed out", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "hang" } });
    const { res, body } = await ask("/api/v1/chat/credit", {
      env: { UPSTREAM_TIMEOUT_MS: "100", UPSTREAM_MAX_RETRIES: "1" },
    });
    expect(res.status).toBe(504);
    expect(body.msg).toMatch(/did not answer in time \(no answer within 100 ms\) after 2 attempts/);
    expect(sim.state.calls.credit).toBe(2);
  });

  it("stops retrying when the total budget is spent", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "hang" } });
    const { res } = await ask("/api/v1/chat/credit", {
      env: { UPSTREAM_TIMEOUT_MS: "150", UPSTREAM_MAX_RETRIES: "10", UPSTREAM_BUDGET_MS: "200" },
    });
    expect(res.status).toBe(504);
    // The first attempt has 150 ms, the second only what is left of 200 ms (none, on a slow machine); no third.
    const attempts = res.headers.get("X-Upstream-Attempts");
    expect(attempts).toMatch(/^[12]$/);
    expect(sim.state.calls.credit).toBe(Number(attempts));
  });

  it("recovers when only the first attempt hangs", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "hang" }, times: 1 });
    const { res } = await ask("/api/v1/chat/credit", { env: { UPSTREAM_TIMEOUT_MS: "100" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Upstream-Attempts")).toBe("2");
  });
});
