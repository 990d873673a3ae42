// Lru.remember works a value out once per key and keeps it within capacity: the per-isolate memos of token digests
// and log hashes rest on it.
import { describe, expect, it } from "vitest";
import { Lru } from "../../src/storage";

describe("Lru.remember", () => {
  it("computes a missing value once and serves it after", async () => {
    const lru = new Lru<string>(2);
    let calls = 0;
    const compute = async () => `v${++calls}`;
    expect(await lru.remember("a", compute)).toBe("v1");
    expect(await lru.remember("a", compute)).toBe("v1");
    expect(calls).toBe(1);
  });

  it("forgets the least recently used beyond capacity, and keeps nothing at capacity 0", async () => {
    const lru = new Lru<string>(2);
    for (const key of ["a", "b", "c"]) await lru.remember(key, async () => key);
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual([undefined, "b", "c"]);
    const none = new Lru<string>(0);
    expect(await none.remember("a", async () => "x")).toBe("x");
    expect(none.size).toBe(0);
  });
});
