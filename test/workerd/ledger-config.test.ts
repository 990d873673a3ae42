// The ledger's settings are checked like every other: 503 naming the setting, never a guess.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ask } from "../support/gateway";

afterEach(() => vi.restoreAllMocks());

describe("ledger settings", () => {
  it.each([
    ["MODEL_PRICES that is not JSON", { MODEL_PRICES: "google: 4" }, /MODEL_PRICES is not valid JSON/],
    ["a price key that is no model", { MODEL_PRICES: '{"goo gle": 4}' }, /key 'goo gle' that is not a model name/],
    ["a negative price", { MODEL_PRICES: '{"*": -1}' }, /gives '\*' a price that is not a number/],
    ["a threshold in the wrong form", { UNATTRIBUTED_SPEND_ALERT: "50" }, /UNATTRIBUTED_SPEND_ALERT must be/],
    ["a budget that is not positive", { CALLER_POLICIES: '{"alice": {"budget": {"daily": 0}}}' }, /'alice'/],
    ["a budget of an unknown period", { CALLER_POLICIES: '{"alice": {"budget": {"weekly": 5}}}' }, /'alice'/],
  ])("answers 503 naming the setting for %s", async (_, env, msg) => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { res, body } = await ask("/api/v1/usage", { env });
    expect(res.status).toBe(503);
    expect(body.msg).toMatch(msg);
  });

  it("accepts prices of every form, an unattributed limit, or off", async () => {
    const env = { MODEL_PRICES: '{"google/*": 4, "google/veo-3-1": 30.5, "*": 2}', UNATTRIBUTED_SPEND_ALERT: "off" };
    expect((await ask("/api/v1/usage", { env })).res.status).toBe(200);
    expect((await ask("/api/v1/usage", { env: { UNATTRIBUTED_SPEND_ALERT: "100, 5%" } })).res.status).toBe(200);
  });
});
