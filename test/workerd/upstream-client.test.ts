// The upstream client's waits, observed through its seams: backoff doubles with full jitter, Retry-After
// is honoured as a floor, and a wait that would overrun the budget is not started.
import { describe, expect, it } from "vitest";
import { createKieClient, UpstreamError } from "../../src/upstream";

function clientWith(answers: Response[], overrides: { budgetMs?: number; random?: () => number } = {}) {
  const waits: number[] = [];
  let clock = 0;
  const client = createKieClient({
    baseUrl: "https://api.kie.ai",
    apiKey: "sk-unit",
    timeoutMs: 1000,
    maxRetries: 3,
    budgetMs: overrides.budgetMs ?? 60_000,
    backoffMs: 100,
    clock: {
      random: overrides.random ?? (() => 0.999),
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    },
    fetch: async () => answers.shift() ?? Response.json({ code: 200, msg: "success", data: 1 }),
  });
  return { client, waits };
}

const busy = (retryAfter?: string) =>
  Response.json(
    { code: 429, msg: "slow down" },
    { status: 429, headers: retryAfter ? { "Retry-After": retryAfter } : {} },
  );

describe("upstream client waits", () => {
  it("doubles the backoff ceiling each retry, with full jitter", async () => {
    const { client, waits } = clientWith([busy(), busy(), busy()]);
    await client.credit();
    expect(waits).toEqual([99, 199, 399]);
    const low = clientWith([busy(), busy()], { random: () => 0 });
    await low.client.credit();
    expect(low.waits).toEqual([0, 0]);
  });

  it("waits at least what Retry-After asks", async () => {
    const { client, waits } = clientWith([busy("2"), busy()]);
    const result = await client.credit();
    expect(waits).toEqual([2000, 199]);
    expect(result.attempts).toBe(3);
  });

  it("gives up with the 429 and its Retry-After when the wait would overrun the budget", async () => {
    const { client, waits } = clientWith([busy("30")], { budgetMs: 10_000 });
    const error = await client.credit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: "code", code: 429, attempts: 1, retryAfterMs: 30_000 });
    expect(waits).toEqual([]);
  });

  it("removes the key from kie.ai's messages before passing them on", async () => {
    const { client } = clientWith([Response.json({ code: 422, msg: "key sk-unit cannot\nuse this" })]);
    const error = await client.credit().catch((e: unknown) => e);
    expect((error as Error).message).toBe("key [redacted] cannot use this");
  });
});
