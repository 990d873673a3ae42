// A batch must stay inside the same limits as single asks: each URL counts against the caller's rate limit, a
// 429 from kie.ai slows the whole batch for the wait kie.ai asked for (its window, when it names none), and one
// time budget bounds the whole batch.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

const file = (n: number | string) => `https://file.aiquickdraw.com/limits/${n}.png`;
const batch = (urls: string[], overrides?: Record<string, unknown>) =>
  ask("/api/v1/common/download-urls", { method: "POST", json: { urls }, env: overrides });
const items = (body: { data: unknown }) => body.data as { error?: { code: number; msg: string } }[];
const limited = { CALLER_LIMIT: (env as unknown as Record<string, RateLimit>).TEST_LIMIT_5 };

describe("batches and the caller's rate limit", () => {
  it("count every URL like a single ask; those past the limit answer 429 in their slots, unasked", async () => {
    const { res, body } = await batch(
      Array.from({ length: 8 }, (_, i) => file(i)),
      limited,
    );
    expect(res.status).toBe(200);
    expect(items(body).map((i) => i.error?.code ?? 200)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(items(body)[5]?.error?.msg).toMatch(/rate limit reached for caller 'alice'/);
    expect(sim.state.calls["download-url"]).toBe(5);
    expect((await ask("/api/v1/chat/credit", { env: limited })).res.status).toBe(429);
  });
});

describe("a 429 from kie.ai inside a batch", () => {
  it("holds back every later call of the batch for its Retry-After", async () => {
    sim.state.delayMs["download-url"] = 5;
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "status", code: 429, retryAfter: "1" }, times: 1 });
    const { body } = await batch(Array.from({ length: 12 }, (_, i) => file(`r${i}`)));
    expect(items(body).every((i) => !i.error)).toBe(true);
    const refused = sim.state.log.find((call) => call.code === 429);
    const after = sim.state.log.filter((call) => refused && call.at > refused.answeredAt);
    expect(after.length).toBeGreaterThan(0);
    // Calls already under way when kie.ai said 429 are let be; none starts within the second it asked for.
    for (const call of after) expect(call.at - (refused?.answeredAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(sim.state.calls["download-url"]).toBe(13);
  });

  it("holds back every later call for kie.ai's window when kie.ai names no time", async () => {
    sim.state.delayMs["download-url"] = 5;
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "status", code: 429 }, times: 1 });
    const { body } = await batch(
      Array.from({ length: 12 }, (_, i) => file(`w${i}`)),
      { KIE_TASK_RATE_WINDOW_S: "1" },
    );
    expect(items(body).every((i) => !i.error)).toBe(true);
    const refused = sim.state.log.find((call) => call.code === 429);
    const after = sim.state.log.filter((call) => refused && call.at > refused.answeredAt);
    expect(after.length).toBeGreaterThan(0);
    for (const call of after) expect(call.at - (refused?.answeredAt ?? 0)).toBeGreaterThanOrEqual(990);
  });
});

describe("the batch's time budget", () => {
  it("bounds the whole batch: URLs not asked in time answer 504 in their slots", async () => {
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "hang" } });
    const { res, body } = await batch(
      Array.from({ length: 20 }, (_, i) => file(`h${i}`)),
      { UPSTREAM_TIMEOUT_MS: "100", UPSTREAM_BUDGET_MS: "250" },
    );
    expect(res.status).toBe(200);
    expect(items(body).map((i) => i.error?.code)).toEqual(Array.from({ length: 20 }, () => 504));
    expect(items(body).some((i) => /not asked/.test(i.error?.msg ?? ""))).toBe(true);
    // Five in flight, each at most three attempts inside 250 ms — not 20 items × their own budgets.
    expect(sim.state.calls["download-url"]).toBeLessThanOrEqual(15);
  });
});
