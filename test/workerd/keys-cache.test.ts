// Verifying a key adds no coordinator call to a warm request: the isolate keeps what the coordinator verified, and
// KV shares it with other isolates, each only until the entry's validUntil — at most KEY_CACHE_SECONDS after the
// coordinator checked it, never past the key's expiry. KV holds no secret, and revocation deletes the entries.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keyEntryName } from "../../src/keys";
import { sha256Hex } from "../../src/net";
import { resetIsolate } from "../../src/services";
import { changeKey, credit, kvEntry, newKey } from "../support/keys";

afterEach(() => vi.restoreAllMocks());

// The level each request's key was found at, from the access log.
function levels() {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  return () => log.mock.calls.map(([line]) => (line as { keyLevel?: string }).keyLevel);
}

describe("verified keys", () => {
  it("ask the coordinator once, then come from memory; a new isolate finds them in KV", async () => {
    const { key } = await newKey({ caller: "dana" });
    const seen = levels();
    for (let i = 0; i < 3; i++) expect((await credit(key)).res.status).toBe(200);
    await kvEntry(key);
    resetIsolate();
    expect((await credit(key)).res.status).toBe(200);
    expect(seen()).toEqual(["coordinator", "memory", "memory", "kv"]);
  });

  it("are kept in KV as non-secret facts, valid no longer than KEY_CACHE_SECONDS and the key's expiry", async () => {
    const expiresAt = new Date(Date.now() + 4000).toISOString();
    const { id, key } = await newKey({ caller: "dana", models: ["veo/*"], expiresAt });
    const other = await newKey({ caller: "erin", budgets: { daily: 5 }, tier: "high" });
    const before = Date.now();
    await credit(key, { env: { KEY_CACHE_SECONDS: "10" } });
    await credit(other.key, { env: { KEY_CACHE_SECONDS: "3" } });
    const entry = await kvEntry(key);
    expect(entry).toEqual({
      id,
      caller: "dana",
      models: ["veo/*"],
      tier: "standard",
      admin: false,
      validUntil: Date.parse(expiresAt),
    });
    const second = await kvEntry(other.key);
    expect(second).toMatchObject({ caller: "erin", budgets: { daily: 5 }, tier: "high" });
    expect(second?.validUntil).toBeGreaterThan(before);
    expect(second?.validUntil).toBeLessThanOrEqual(Date.now() + 3000);
    const listed = await env.STORE.list({ prefix: "key:" });
    const everything = JSON.stringify(await Promise.all(listed.keys.map((k) => env.STORE.get(k.name))));
    expect(everything).not.toContain(key.slice(3, 40));
    expect(everything).not.toContain(other.key.slice(3, 40));
  });

  it("are deleted from KV when revoked, and a stale copy past its validUntil is never taken", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    await credit(key);
    const entry = await kvEntry(key);
    expect(entry).not.toBeNull();
    await changeKey(id, "revoke");
    expect(await kvEntry(key)).toBeNull();
    // A lagging KV replica still holding the entry, its validUntil passed: refused, by the coordinator.
    const name = keyEntryName(await sha256Hex(key));
    await env.STORE.put(name, JSON.stringify({ ...entry, validUntil: Date.now() - 1 }));
    resetIsolate();
    expect((await credit(key)).body.msg).toMatch(/^revoked kie-edge key/);
  });

  it("skip KV with KEY_KV_CACHE=off: nothing is written there, and memory still spares the coordinator", async () => {
    const off = { KEY_KV_CACHE: "off" };
    const { key } = await newKey({ caller: "dana" });
    const seen = levels();
    await credit(key, { env: off });
    await credit(key, { env: off });
    expect(await kvEntry(key)).toBeNull();
    resetIsolate();
    await credit(key, { env: off });
    expect(seen()).toEqual(["coordinator", "memory", "coordinator"]);
  });
});
