// /healthz is what uptime checks and deploy gates poll: no token, no upstream call, the running version.
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

describe("GET /healthz", () => {
  it("answers ok with the version, without a token and without calling kie.ai", async () => {
    const { res, body } = await ask("/healthz", { token: null });
    expect(res.status).toBe(200);
    expect(body).toEqual({ code: 200, msg: "ok", data: { version, status: "ok" } });
    expect(Object.values(sim.state.calls).every((n) => n === 0)).toBe(true);
  });

  it("keeps answering while kie.ai is down", async () => {
    sim.state.rules.push({ endpoint: "*", fault: { kind: "network" } });
    expect((await ask("/healthz", { token: null })).res.status).toBe(200);
  });
});
