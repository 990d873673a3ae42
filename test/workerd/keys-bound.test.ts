// The revocation bound, on a clock the test moves: memory and KV are trusted only before an entry's validUntil, so
// a revoked key whose facts an isolate or a lagging KV still holds is refused no later than that; a refusal is
// never kept, so a valid key is never refused for longer than one coordinator call.
import { describe, expect, it } from "vitest";
import { type KeyFacts, type KeyLevels, type KeyVerdict, VerifiedKeys, verifyPresented } from "../../src/keys";
import { newKeySecret } from "../../src/keys/secret";

const T0 = Date.UTC(2026, 10, 25, 12);
const FACTS: KeyFacts = { id: "key_AAAAAAAAAAAAAAAA", caller: "dana", tier: "standard", admin: false, validUntil: 0 };
const REVOKED: KeyVerdict = { ok: false, refusal: { reason: "revoked-key", msg: "revoked kie-edge key" } };

// Levels with a clock and a coordinator whose answers the test scripts; KV as a plain map.
function levels(answers: KeyVerdict[], kv = new Map<string, KeyFacts>()) {
  const clock = { t: T0 };
  const asked: string[] = [];
  const deps: KeyLevels = {
    memory: new VerifiedKeys(100),
    kv: { get: async (h) => kv.get(h), put: async () => {}, delete: async () => {} },
    ask: async (hash) => {
      asked.push(hash);
      const answer = answers.shift();
      if (!answer) throw new Error("the coordinator is unreachable");
      return answer;
    },
    now: () => clock.t,
  };
  return { deps, clock, asked, kv };
}

describe("the revocation bound", () => {
  it("keeps accepting a key revoked meanwhile only until its validUntil, then asks and refuses", async () => {
    const key = newKeySecret();
    const { deps, clock, asked } = levels([{ ok: true, facts: { ...FACTS, validUntil: T0 + 10_000 } }, REVOKED]);
    expect((await verifyPresented(key, "h", deps)).ok).toBe(true);
    // Revoked at T0 + 1 s, elsewhere: this isolate does not know yet.
    clock.t = T0 + 9_999;
    expect(await verifyPresented(key, "h", deps)).toMatchObject({ ok: true, level: "memory" });
    clock.t = T0 + 10_000;
    expect(await verifyPresented(key, "h", deps)).toEqual(REVOKED);
    expect(asked).toHaveLength(2);
  });

  it("takes a KV entry only before its validUntil, whatever KV still holds", async () => {
    const key = newKeySecret();
    const kv = new Map([["h", { ...FACTS, validUntil: T0 + 5_000 }]]);
    const { deps, clock, asked } = levels([REVOKED], kv);
    expect(await verifyPresented(key, "h", deps)).toMatchObject({ ok: true, level: "kv" });
    deps.memory.clear();
    clock.t = T0 + 5_000;
    expect(await verifyPresented(key, "h", deps)).toEqual(REVOKED);
    expect(asked).toEqual(["h"]);
  });

  it("never keeps a refusal or a failure: the next request asks the coordinator again", async () => {
    const key = newKeySecret();
    const answers: KeyVerdict[] = [{ ok: false, refusal: { reason: "unknown-key", msg: "unknown" } }];
    const { deps, asked } = levels(answers);
    expect((await verifyPresented(key, "h", deps)).ok).toBe(false);
    await expect(verifyPresented(key, "h", deps)).rejects.toThrow(/unreachable/);
    // The coordinator answers again: admitted at once, nothing of the earlier answers held against it.
    answers.push({ ok: true, facts: { ...FACTS, validUntil: T0 + 10_000 } });
    expect(await verifyPresented(key, "h", deps)).toMatchObject({ ok: true, level: "coordinator" });
    expect(asked).toHaveLength(3);
  });

  it("refuses a malformed key without asking anyone, and holds at most its capacity", async () => {
    const { deps, asked } = levels([]);
    expect(await verifyPresented("ke_nope", "h", deps)).toMatchObject({
      ok: false,
      refusal: { reason: "malformed-key" },
    });
    expect(asked).toEqual([]);
    const memory = new VerifiedKeys(2);
    for (const h of ["a", "b", "c"]) memory.set(h, { ...FACTS, validUntil: T0 + 1 });
    expect([memory.size, memory.get("a", T0), memory.get("c", T0)?.facts.caller]).toEqual([2, undefined, "dana"]);
    memory.forgetKey(FACTS.id);
    expect(memory.size).toBe(0);
  });
});
