// A runaway script must not spend the team's credits: each caller has its own budget of requests, over it
// the gateway answers 429 with Retry-After and kie.ai is not called; /healthz is never limited.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

const testEnv = env as unknown as Record<string, RateLimit>;
const limited = { CALLER_LIMIT: testEnv.TEST_LIMIT_3, CALLER_LIMIT_HIGH: testEnv.TEST_LIMIT_5 };

describe("per-caller rate limits", () => {
  it("answers 429 with Retry-After past the limit, without calling kie.ai", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask("/api/v1/chat/credit", { env: limited })).res.status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(sim.state.calls.credit).toBe(3);
    const { res, body } = await ask("/api/v1/chat/credit", { env: limited });
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(body).toEqual({
      code: 429,
      msg: "kie-edge rate limit reached for caller 'alice'; try again in 60 s",
      data: null,
    });
  });

  it("counts each caller on its own, and lets named callers use the high tier", async () => {
    const env2 = { ...limited, HIGH_LIMIT_CALLERS: "bob" };
    for (let i = 0; i < 5; i++)
      expect((await ask("/api/v1/chat/credit", { env: env2, token: TEST_TOKENS.bob })).res.status).toBe(200);
    expect((await ask("/api/v1/chat/credit", { env: env2, token: TEST_TOKENS.bob })).res.status).toBe(429);
  });

  it("never limits /healthz", async () => {
    for (let i = 0; i < 10; i++) expect((await ask("/healthz", { env: limited, token: null })).res.status).toBe(200);
  });

  it("lets requests through when the limiter itself fails", async () => {
    const broken = { limit: () => Promise.reject(new Error("limiter down")) };
    expect((await ask("/api/v1/chat/credit", { env: { CALLER_LIMIT: broken } })).res.status).toBe(200);
  });
});
