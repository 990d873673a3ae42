// Reading the ledger over real HTTP: a caller sees only its own usage and budget, an admin everyone's; Accept:
// text/csv answers CSV; and a typed hc<AppType> client reads both routes.
import { hc } from "hono/client";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppType } from "../../src/app";
import { TEST_TOKENS } from "../support/fixtures";
import { untilSettled, usageRows } from "./support/ledger";
import { useStack } from "./support/stack";
import { createTask } from "./support/tasks";

const policies = { alice: { budget: { daily: 50 } }, bob: { admin: true, budget: { monthly: 900 } } };
const stack = useStack({ CALLER_POLICIES: JSON.stringify(policies) });

beforeAll(async () => {
  stack.sim.state.taskSettings.prices = { "google/imagen4-fast": 3, "seedream/4.5-edit": 5 };
  const made = await Promise.all([
    createTask(stack, TEST_TOKENS.alice),
    createTask(stack, TEST_TOKENS.alice, { model: "seedream/4.5-edit" }),
    createTask(stack, TEST_TOKENS.bob),
  ]);
  expect(made.map((m) => m.status)).toEqual([200, 200, 200]);
  await untilSettled(stack, TEST_TOKENS.bob, 3);
});

describe("GET /api/v1/usage over real HTTP", () => {
  it("shows a caller its own rows and budget only, and an admin everyone's", async () => {
    expect(await usageRows(stack, TEST_TOKENS.alice)).toEqual([
      expect.objectContaining({ caller: "alice", tasks: 2, succeeded: 2, credits: 8, reportedCredits: 8 }),
    ]);
    const all = await usageRows(stack, TEST_TOKENS.bob);
    expect(all.map((r) => [r.caller, r.tasks, r.credits])).toEqual([
      ["alice", 2, 8],
      ["bob", 1, 3],
    ]);
    const budgets = async (token: string) =>
      ((await (await stack.ask("/api/v1/usage/budgets", { token })).json()) as { data: { caller: string }[] }).data;
    expect(await budgets(TEST_TOKENS.alice)).toEqual([
      { caller: "alice", daily: expect.objectContaining({ limit: 50, spent: 8, left: 42 }), monthly: null },
    ]);
    expect((await budgets(TEST_TOKENS.bob)).map((b) => b.caller)).toEqual(["alice", "bob"]);
  });

  it("answers CSV to Accept: text/csv, with the groups' columns first", async () => {
    const res = await stack.ask("/api/v1/usage?groupBy=caller,model", {
      token: TEST_TOKENS.bob,
      headers: { Accept: "text/csv" },
    });
    expect([res.status, res.headers.get("Content-Type")]).toEqual([200, "text/csv; charset=utf-8"]);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="kie-edge-usage.csv"');
    expect((await res.text()).trimEnd().split("\r\n")).toEqual([
      "caller,model,tasks,succeeded,failed,inFlight,credits,reportedCredits,estimatedCredits,unknownTasks,reserved",
      "alice,google/imagen4-fast,1,1,0,0,3,3,0,0,0",
      "alice,seedream/4.5-edit,1,1,0,0,5,5,0,0,0",
      "bob,google/imagen4-fast,1,1,0,0,3,3,0,0,0",
    ]);
  });

  it("is read by a typed hc<AppType> client", async () => {
    const client = hc<AppType>(stack.dev.url, { headers: { Authorization: `Bearer ${TEST_TOKENS.alice}` } });
    const res = await client.api.v1.usage.$get({ query: { groupBy: "caller" } });
    const usage = await res.json();
    expect(usage.data.groupBy).toEqual(["caller"]);
    expect(usage.data.rows.map((r) => [r.caller, r.credits])).toEqual([["alice", 8]]);
    const budgets = await (await client.api.v1.usage.budgets.$get()).json();
    expect(budgets.data.map((b) => [b.caller, b.daily?.left ?? null, b.monthly])).toEqual([["alice", 42, null]]);
  });
});
