// Bad input to key management is a 422 naming the field, and nothing is made; a caller that is not an admin gets
// 403 on every management route, whatever it sends — even with a key of its own.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { ADMIN_ENV, changeKey, createKey, newKey } from "../support/keys";

const PAST = new Date(Date.now() - 60_000).toISOString();

describe("creating a key with bad input", () => {
  it.each([
    ["an unknown model pattern", { caller: "dana", models: ["veo/*x"] }, /^models must be model patterns/],
    ["a model pattern with a space", { caller: "dana", models: ["veo 3"] }, /^models must be model patterns/],
    ["an empty model list", { caller: "dana", models: [] }, /^models must list 1 to 100/],
    ["a negative budget", { caller: "dana", budgets: { daily: -5 } }, /^budgets must be positive/],
    ["a budget of another period", { caller: "dana", budgets: { weekly: 5 } }, /^budgets must be \{/],
    ["an expiry in the past", { caller: "dana", expiresAt: PAST }, /^expiresAt must be in the future$/],
    ["an expiry with no zone", { caller: "dana", expiresAt: "2030-01-01T00:00:00" }, /^expiresAt must be an ISO/],
    ["a caller name outside the rule", { caller: "dana smith" }, /^caller must be a caller name/],
    ["a caller name too long", { caller: "d".repeat(65) }, /^caller must be a caller name/],
    ["no caller", { note: "x" }, /^caller must be a caller name/],
    ["an unknown tier", { caller: "dana", tier: "gold" }, /^tier must be standard or high$/],
    ["a field it does not know", { caller: "dana", secret: "mine" }, /^the body must be a JSON object/],
  ])("refuses %s with 422", async (_, json, msg) => {
    const { res, body } = await createKey(json);
    expect(res.status).toBe(422);
    expect(body.msg).toMatch(msg);
    const listed = await ask("/api/v1/keys", { env: ADMIN_ENV });
    expect((listed.body.data as { keys: unknown[] }).keys).toEqual([]);
  });

  it("refuses a rotation's grace outside 0–7 days, and an id that names no key", async () => {
    const { id } = await newKey({ caller: "dana" });
    for (const graceSeconds of [-1, 604_801, 1.5]) {
      expect((await changeKey(id, "rotate", { graceSeconds })).res.status).toBe(422);
    }
    expect((await changeKey("key_AAAAAAAAAAAAAAAA", "revoke")).res.status).toBe(404);
    expect((await changeKey("not-a-key", "rotate")).res.status).toBe(404);
  });
});

describe("key management by a caller that is not an admin", () => {
  it("is 403 on every management route, before its body is read", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    for (const token of [TEST_TOKENS.bob, key]) {
      const answers = await Promise.all([
        createKey({ caller: "mallory", admin: true }, { token }),
        createKey({ caller: "bad name" }, { token }),
        changeKey(id, "rotate", {}, { token }),
        changeKey(id, "revoke", { reason: "mine now" }, { token }),
        ask("/api/v1/keys/audit", { token, env: ADMIN_ENV }),
      ]);
      expect(answers.map((a) => a.res.status)).toEqual([403, 403, 403, 403, 403]);
      expect(answers[0]?.body.msg).toMatch(/may not manage keys: only an admin may/);
    }
    const listed = await ask("/api/v1/keys", { env: ADMIN_ENV });
    expect((listed.body.data as { keys: { state: string }[] }).keys.map((k) => k.state)).toEqual(["active"]);
  });

  it("lets an admin key manage keys, and a key made admin only when asked", async () => {
    const admin = await newKey({ caller: "ops", admin: true });
    const made = await createKey({ caller: "dana" }, { token: admin.key });
    expect(made.res.status).toBe(200);
    expect((made.body.data as { createdBy: string }).createdBy).toBe(`ops via ${admin.id}`);
  });
});
