// An admin's budget overview names every caller who can spend: PROXY_TOKENS' names with their policies' budgets,
// and the callers of usable runtime keys with the tightest limit their keys set — a teammate who joined by key is
// not missing from it; one whose keys are all revoked drops out.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { ADMIN_ENV, changeKey, newKey } from "../support/keys";

type Use = { limit: number; spent: number } | null;
type Row = { caller: string; daily: Use; monthly: Use };
const overview = async (token = TEST_TOKENS.alice) => {
  const { res, body } = await ask("/api/v1/usage/budgets", { token, env: ADMIN_ENV });
  expect(res.status).toBe(200);
  return body.data as Row[];
};

describe("GET /api/v1/usage/budgets with runtime keys", () => {
  it("lists a key's caller to an admin once, with the tightest limit per period its keys set", async () => {
    const first = await newKey({ caller: "dana", budgets: { daily: 40 } });
    await newKey({ caller: "dana", budgets: { daily: 5, monthly: 300 } });
    await newKey({ caller: "dana" });
    const rows = await overview();
    expect(rows.map((r) => r.caller)).toEqual(expect.arrayContaining(["alice", "bob", "dana"]));
    const dana = rows.filter((r) => r.caller === "dana");
    expect(dana).toHaveLength(1);
    expect(dana[0]).toMatchObject({ daily: { limit: 5, spent: 0 }, monthly: { limit: 300, spent: 0 } });

    // The key's holder sees only itself, under what its own key allows.
    const own = await overview(first.key);
    expect(own).toEqual([expect.objectContaining({ caller: "dana", daily: expect.objectContaining({ limit: 40 }) })]);
  });

  it("drops a caller whose every key is revoked", async () => {
    const key = await newKey({ caller: "erin" });
    expect((await overview()).map((r) => r.caller)).toContain("erin");
    expect((await changeKey(key.id, "revoke")).res.status).toBe(200);
    expect((await overview()).map((r) => r.caller)).not.toContain("erin");
  });
});
