// The balance route is a drop-in for kie.ai's: same path, same envelope, and the balance passes through exactly.
import { describe, expect, it } from "vitest";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

describe("GET /api/v1/chat/credit", () => {
  it("answers the live balance in kie.ai's envelope", async () => {
    sim.state.balance = 100;
    const { res, body } = await ask("/api/v1/chat/credit");
    expect(res.status).toBe(200);
    expect(body).toEqual({ code: 200, msg: "success", data: 100 });
    expect(res.headers.get("X-Upstream-Attempts")).toBe("1");
    expect(res.headers.get("X-Request-Id")).toMatch(/^[\w-]+$/);
  });

  it("passes a fractional balance through exactly", async () => {
    sim.state.balance = 5780.03;
    const { body } = await ask("/api/v1/chat/credit");
    expect(body.data).toBe(5780.03);
  });

  it("sends kie.ai the server's key, never the caller's token", async () => {
    sim.state.apiKey = "a-different-key";
    const { res, body } = await ask("/api/v1/chat/credit");
    expect(res.status).toBe(502);
    expect(body.msg).toContain("KIE_API_KEY");
  });
});
