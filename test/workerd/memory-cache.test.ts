// The in-isolate level: a repeat ask is answered from memory without touching KV, the LRU keeps the most
// recently used links within LINK_MEMORY_ENTRIES, and memory honours expiry exactly as KV does.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MemoryCache } from "../../src/links";
import { askLink } from "../support/gateway";
import { sim } from "../support/network";

// The test's KV binding, with every call counted.
function countingKv() {
  const calls: string[] = [];
  const kv = new Proxy(env.STORE, {
    get(target, op: "get" | "put" | "delete") {
      return (...args: unknown[]) => {
        calls.push(op);
        return (target[op] as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv, calls };
}

describe("in-isolate link cache", () => {
  it("answers a repeat ask from memory with no KV call", async () => {
    const { kv, calls } = countingKv();
    await askLink("https://file.aiquickdraw.com/a.png", { env: { STORE: kv } });
    // Whether kie-edge archived the file (no: remembered for a minute), the cached link (none), the new link.
    expect(calls).toEqual(["get", "get", "put"]);
    const { res } = await askLink("https://file.aiquickdraw.com/a.png", { env: { STORE: kv } });
    expect(res.headers.get("X-Cache")).toBe("HIT");
    expect(calls).toEqual(["get", "get", "put"]);
  });

  it("evicts the least recently used beyond LINK_MEMORY_ENTRIES, then finds it in KV", async () => {
    const env2 = { LINK_MEMORY_ENTRIES: "2" };
    const urls = ["a", "b", "c"].map((n) => `https://file.aiquickdraw.com/${n}.png`);
    for (const url of urls) await askLink(url, { env: env2 });
    const { kv, calls } = countingKv();
    await askLink(urls[2], { env: { ...env2, STORE: kv } });
    expect(calls).toEqual([]);
    await askLink(urls[0], { env: { ...env2, STORE: kv } });
    expect(calls).toEqual(["get"]);
    expect(sim.state.calls["download-url"]).toBe(3);
  });

  it("never serves a link with less than the minimum life left", () => {
    const memory = new MemoryCache(10);
    const now = 1_000_000;
    memory.set("k", { link: "https://l", expiresAt: now + 301_000 });
    expect(memory.get("k", now, 300_000)?.link).toBe("https://l");
    expect(memory.get("k", now + 2_000, 300_000)).toBeUndefined();
    expect(memory.size).toBe(0);
  });
});
