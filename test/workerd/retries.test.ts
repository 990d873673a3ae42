// Transient failures are retried and the caller never sees them; the attempt count is told in a header.
import { describe, expect, it } from "vitest";
import { ask, askLink } from "../support/gateway";
import { sim } from "../support/network";

describe("retries", () => {
  it("recovers from two 500s on the third attempt", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500 }, times: 2 });
    const { res, body } = await ask("/api/v1/chat/credit");
    expect(res.status).toBe(200);
    expect(body.data).toBe(100);
    expect(res.headers.get("X-Upstream-Attempts")).toBe("3");
  });

  it("recovers from a dropped connection and from maintenance", async () => {
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "network" }, times: 1 });
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "status", code: 455 }, times: 1 });
    const { res } = await askLink("https://file.aiquickdraw.com/v.mp4");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Upstream-Attempts")).toBe("3");
  });

  it("never retries a caller fault", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 402 } });
    await ask("/api/v1/chat/credit");
    expect(sim.state.calls.credit).toBe(1);
  });

  it("makes exactly 1 + UPSTREAM_MAX_RETRIES attempts", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500 } });
    const none = await ask("/api/v1/chat/credit", { env: { UPSTREAM_MAX_RETRIES: "0" } });
    expect(none.res.headers.get("X-Upstream-Attempts")).toBe("1");
    const five = await ask("/api/v1/chat/credit", { env: { UPSTREAM_MAX_RETRIES: "5" } });
    expect(five.res.headers.get("X-Upstream-Attempts")).toBe("6");
    expect(sim.state.calls.credit).toBe(7);
  });
});
