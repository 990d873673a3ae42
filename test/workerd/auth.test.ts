// Callers are admitted by their own proxy tokens, never by the kie.ai key, and a refusal says which token
// is at fault so nobody goes looking for a problem with their kie.ai account.
import { describe, expect, it } from "vitest";
import { TEST_KIE_KEY, TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

describe("proxy tokens", () => {
  it.each([
    ["no Authorization header", {}, /missing proxy token/],
    ["a wrong token", { Authorization: `Bearer ${"x".repeat(32)}` }, /invalid proxy token/],
    ["the kie.ai key itself", { Authorization: `Bearer ${TEST_KIE_KEY}` }, /invalid proxy token/],
    ["a valid token with trailing junk", { Authorization: `Bearer ${TEST_TOKENS.alice}x` }, /invalid proxy token/],
    ["a wrong scheme", { Authorization: `Basic ${TEST_TOKENS.alice}` }, /malformed Authorization header/],
    ["an empty bearer", { Authorization: "Bearer " }, /malformed Authorization header/],
  ])("refuses %s with 401", async (_, headers, msg) => {
    const { res, body } = await ask("/api/v1/chat/credit", { token: null, headers });
    expect(res.status).toBe(401);
    expect(body).toMatchObject({ code: 401, data: null });
    expect(body.msg).toMatch(msg);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(sim.state.calls.credit).toBe(0);
  });

  it("admits every configured caller", async () => {
    for (const token of Object.values(TEST_TOKENS)) {
      expect((await ask("/api/v1/chat/credit", { token })).res.status).toBe(200);
    }
  });

  it("protects unknown paths under /api too", async () => {
    expect((await ask("/api/v1/anything", { token: null })).res.status).toBe(401);
  });
});
