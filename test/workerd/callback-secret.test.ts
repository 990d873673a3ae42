// Each caller reads its own relay secret: derived from CALLBACK_SIGNING_KEY and its name, never cached on the way.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";

const secretOf = async (token: string | null, env?: Record<string, string>) => {
  const { res, body } = await ask("/api/v1/callbacks/secret", { token, env });
  return { res, body, secret: (body.data as { secret?: string } | null)?.secret };
};

describe("GET /api/v1/callbacks/secret", () => {
  it("gives each caller its own whsec_ secret, the same on every ask, never stored by a cache", async () => {
    const alice = await secretOf(TEST_TOKENS.alice);
    expect(alice.body).toEqual({ code: 200, msg: "success", data: { secret: expect.stringMatching(/^whsec_/) } });
    expect(alice.res.headers.get("Cache-Control")).toBe("no-store");
    expect((await secretOf(TEST_TOKENS.alice)).secret).toBe(alice.secret);
    expect((await secretOf(TEST_TOKENS.bob)).secret).not.toBe(alice.secret);
  });

  it("changes every caller's secret when CALLBACK_SIGNING_KEY is rotated", async () => {
    const before = await secretOf(TEST_TOKENS.alice);
    const rotated = `whsec_${btoa(String.fromCharCode(...new Uint8Array(32).fill(9)))}`;
    expect((await secretOf(TEST_TOKENS.alice, { CALLBACK_SIGNING_KEY: rotated })).secret).not.toBe(before.secret);
  });

  it("needs a token, and says so when no signing key is set", async () => {
    expect((await secretOf(null)).res.status).toBe(401);
    const unset = await secretOf(TEST_TOKENS.alice, { CALLBACK_SIGNING_KEY: "" });
    expect(unset.res.status).toBe(503);
    expect(unset.body.msg).toMatch(/CALLBACK_SIGNING_KEY is not set/);
  });
});
