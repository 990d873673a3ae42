// A key's own scope narrows its caller's CALLER_POLICIES entry: a model must be allowed by both, a budget is the
// key's where it sets one (per period), admin is the key's own flag, and the rate-limit tier is the key's.
import { env as bindings } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { credit, newKey } from "../support/keys";
import { sim } from "../support/network";
import { createTask, newTask } from "../support/tasks";

const policies = { alice: { admin: true, models: ["google/*", "seedream/4.5-edit"], budget: { monthly: 100 } } };
const env = { CALLER_POLICIES: JSON.stringify(policies), MODEL_PRICES: JSON.stringify({ "*": 4 }) };
const task = (model: string) => ({ model, input: { prompt: "a fox" } });

describe("a key's scope", () => {
  it("allows a model only where both the key and the caller's policy do", async () => {
    const { key } = await newKey({ caller: "alice", models: ["google/imagen4*", "veo/*"] }, { env });
    const status = async (model: string) => (await createTask(task(model), { env, token: key })).res.status;
    expect(await status("google/imagen4-fast")).toBe(200);
    expect(await status("google/veo-3-1")).toBe(403); // the policy's, not the key's
    expect(await status("seedream/4.5-edit")).toBe(403); // the policy's, not the key's
    expect((await createTask(task("seedream/4.5-edit"), { env })).res.status).toBe(200); // alice's own token
    expect(sim.state.calls["create-task"]).toBe(2);
  });

  it("takes the key's budget for its periods and the policy's for the rest", async () => {
    sim.state.taskSettings.durationMs = null;
    const { key } = await newKey({ caller: "alice", budgets: { daily: 6 } }, { env });
    expect((await createTask(task("google/imagen4-fast"), { env, token: key })).res.status).toBe(200);
    const refused = await createTask(task("google/imagen4-fast"), { env, token: key });
    expect(refused.res.status).toBe(402);
    expect(refused.body.msg).toMatch(/^caller 'alice' is over its daily budget of 6 credits: 0 spent, 4 held/);
    const { body } = await ask("/api/v1/usage/budgets", { env, token: key });
    expect(body.data).toEqual([
      {
        caller: "alice",
        daily: expect.objectContaining({ limit: 6, reserved: 4 }),
        monthly: expect.objectContaining({ limit: 100, reserved: 4 }),
      },
    ]);
  });

  it("is admin only when the key was made admin, whatever its caller's policy says", async () => {
    const bobs = await newTask({}, { env, token: TEST_TOKENS.bob });
    const plain = await newKey({ caller: "alice" }, { env });
    const admin = await newKey({ caller: "dana", admin: true }, { env });
    const sees = async (token: string) =>
      (await ask(`/api/v1/jobs/recordInfo?taskId=${bobs}`, { env, token })).res.status;
    expect([await sees(TEST_TOKENS.alice), await sees(plain.key), await sees(admin.key)]).toEqual([200, 404, 200]);
    expect((await ask("/api/v1/keys/audit", { env, token: plain.key })).res.status).toBe(403);
  });

  it("counts against the key's own rate-limit tier", async () => {
    const limits = bindings as unknown as Record<string, RateLimit>;
    const limited = { ...env, CALLER_LIMIT: limits.TEST_LIMIT_3, CALLER_LIMIT_HIGH: limits.TEST_LIMIT_5 };
    const high = await newKey({ caller: "dana", tier: "high" }, { env });
    const standard = await newKey({ caller: "erin" }, { env: { ...env, HIGH_LIMIT_CALLERS: "erin" } });
    const statuses = async (token: string, extra = {}) => {
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push((await credit(token, { env: { ...limited, ...extra } })).res.status);
      return out;
    };
    expect(await statuses(high.key)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await statuses(standard.key, { HIGH_LIMIT_CALLERS: "erin" })).toEqual([200, 200, 200, 429, 429, 429]);
  });
});
