// The contract over real HTTP: the real `wrangler dev` (local KV) in front of the simulator on loopback,
// asked the way a kie.ai client asks kie.ai.
import { beforeEach, describe, expect, it } from "vitest";
import { postJson, useStack } from "./support/stack";

const stack = useStack({ UPSTREAM_BACKOFF_MS: "1" });
const FILE = "https://tempfile.aiquickdraw.com/r/e2e.png";

beforeEach(() => stack.sim.reset());

describe("kie-edge over real HTTP", () => {
  it("answers /healthz without a token", async () => {
    const res = await stack.ask("/healthz", { token: null });
    expect(await res.json()).toMatchObject({ code: 200, msg: "ok", data: { status: "ok" } });
  });

  it("proxies the balance, fractional as kie.ai sends it", async () => {
    stack.sim.state.balance = 120.59;
    const res = await stack.ask("/api/v1/chat/credit");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    expect(await res.json()).toEqual({ code: 200, msg: "success", data: 120.59 });
  });

  it("serves a download link from KV on the second ask", async () => {
    const first = await stack.ask("/api/v1/common/download-url", postJson({ url: FILE }));
    const second = await stack.ask("/api/v1/common/download-url", postJson({ url: FILE }));
    expect([first.headers.get("X-Cache"), second.headers.get("X-Cache")]).toEqual(["MISS", "HIT"]);
    expect(await second.json()).toEqual(await first.json());
    expect(stack.sim.state.calls["download-url"]).toBe(1);
  });

  it("passes kie.ai's 422 on for a URL it did not make", async () => {
    const res = await stack.ask("/api/v1/common/download-url", postJson({ url: "https://example.com/x.png" }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ code: 422, msg: "External file URLs are not supported", data: null });
  });

  it("refuses a missing proxy token with 401", async () => {
    const res = await stack.ask("/api/v1/chat/credit", { token: null });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { msg: string }).msg).toMatch(/proxy token/);
  });

  it("retries a call whose connection drops, and turns kie.ai's HTTP-200 code-401 into a 502", async () => {
    // A POST (it has a body) is never replayed by the runtime: the drop reaches kie-edge, which retries it.
    stack.sim.state.rules.push({ endpoint: "download-url", fault: { kind: "network" }, times: 1 });
    const fresh = "https://tempfile.aiquickdraw.com/r/dropped.png";
    const retried = await stack.ask("/api/v1/common/download-url", postJson({ url: fresh }));
    expect([retried.status, retried.headers.get("X-Upstream-Attempts")]).toEqual([200, "2"]);
    expect(stack.sim.state.calls["download-url"]).toBe(2);
    stack.sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 401, http: 200 } });
    expect((await stack.ask("/api/v1/chat/credit")).status).toBe(502);
  });

  it("lets the runtime replay a bodiless GET whose pooled connection drops", async () => {
    // workerd resends an idempotent request, once, when a reused keep-alive connection dies before any answer;
    // kie-edge never sees that failure. kie.ai sees both calls; the caller sees one attempt. Warm the pool first.
    expect((await stack.ask("/api/v1/chat/credit")).status).toBe(200);
    stack.sim.reset();
    stack.sim.state.rules.push({ endpoint: "credit", fault: { kind: "network" }, times: 1 });
    const replayed = await stack.ask("/api/v1/chat/credit");
    expect([replayed.status, replayed.headers.get("X-Upstream-Attempts")]).toEqual([200, "1"]);
    expect(stack.sim.state.calls.credit).toBe(2);
  });
});
