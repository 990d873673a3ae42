// Narrowing two model lists gives patterns that match exactly the names both allow: checked against the policy
// matcher itself over many names, not only by example.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyPolicy, narrowModels } from "../../src/keys";
import { matches } from "../../src/tasks";

const allowed = (patterns: string[], name: string) => patterns.some((p) => matches(p, name));
const part = fc.constantFrom("veo", "veo3", "suno", "google", "g");
const name = fc.tuple(part, fc.constantFrom("", "/", "/x", "_fast", "/veo3")).map(([a, b]) => a + b);
const pattern = fc.oneof(
  name,
  name.map((n) => `${n}*`),
  fc.constant("*"),
);

describe("narrowModels", () => {
  it("allows a name exactly when both lists do", () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 4 }), fc.array(pattern, { maxLength: 4 }), name, (a, b, n) => {
        expect(allowed(narrowModels(a, b), n)).toBe(allowed(a, n) && allowed(b, n));
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the narrower of nested patterns", () => {
    expect(narrowModels(["veo/*", "suno/V5"], ["veo/veo3_fast", "suno/*"])).toEqual(["veo/veo3_fast", "suno/V5"]);
    expect(narrowModels(["*"], ["google/*"])).toEqual(["google/*"]);
    expect(narrowModels(["veo/*"], ["suno/*"])).toEqual([]);
  });

  it("makes a key's policy: its own models alone, or the policy's, per-period budgets, its admin and tier", () => {
    const facts = { id: "k", caller: "a", tier: "high" as const, admin: false, validUntil: 0 };
    expect(
      keyPolicy({ ...facts, budgets: { daily: 5 } }, { admin: true, models: ["veo/*"], budget: { monthly: 9 } }),
    ).toEqual({
      admin: false,
      tier: "high",
      models: ["veo/*"],
      budget: { daily: 5, monthly: 9 },
    });
    expect(keyPolicy({ ...facts, models: ["suno/*"] }, undefined)).toEqual({
      admin: false,
      tier: "high",
      models: ["suno/*"],
    });
  });
});
