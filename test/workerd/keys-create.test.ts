// A teammate joins: one admin call makes a key that works at once, with no deploy. Its secret is in that answer
// and nowhere else — never in a list, never again — and the key speaks for its caller.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { ADMIN_ENV, createKey, credit, newKey } from "../support/keys";
import { sim } from "../support/network";

describe("POST /api/v1/keys", () => {
  it("makes a working key for a new caller, its secret shown once and kept by no list", async () => {
    sim.state.balance = 77;
    const { res, body } = await createKey({ caller: "dana", note: "Dana's laptop" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const created = body.data as { id: string; key: string; prefix: string };
    expect(created).toMatchObject({ caller: "dana", note: "Dana's laptop", state: "active", admin: false });
    expect(created.key).toMatch(/^ke_[A-Za-z0-9_-]{49}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.id).toMatch(/^key_/);

    const used = await credit(created.key);
    expect([used.res.status, used.body.data]).toEqual([200, 77]);

    const listed = await ask("/api/v1/keys", { env: ADMIN_ENV });
    const text = JSON.stringify(listed.body);
    expect(text).toContain(created.id);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(created.key.slice(12));
    expect((listed.body.data as { keys: { lastUsedAt: string | null }[] }).keys[0]?.lastUsedAt).not.toBeNull();
  });

  it("gives each key a different secret of 256 random bits", async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => newKey({ caller: "dana" })));
    expect(new Set(keys.map((k) => k.key)).size).toBe(5);
    expect(new Set(keys.map((k) => k.id)).size).toBe(5);
  });

  it("lets a key's holder read its caller's keys and no one else's, and says who asks", async () => {
    const dana = await newKey({ caller: "dana" });
    await newKey({ caller: "erin" });
    const { body } = await ask("/api/v1/keys", { token: dana.key, env: ADMIN_ENV });
    const data = body.data as { keys: { caller: string }[]; you: unknown };
    expect(data.keys.map((k) => k.caller)).toEqual(["dana"]);
    expect(data.you).toEqual({ caller: "dana", keyId: dana.id, admin: false });
    const other = await ask("/api/v1/keys?caller=erin", { token: dana.key, env: ADMIN_ENV });
    expect(other.res.status).toBe(403);
    // A PROXY_TOKENS caller that is not an admin sees its own caller's keys too (none here).
    const bob = await ask("/api/v1/keys", { token: TEST_TOKENS.bob, env: ADMIN_ENV });
    expect(bob.body.data).toEqual({ keys: [], you: { caller: "bob", keyId: null, admin: false } });
  });

  it("lists by caller and state for an admin", async () => {
    const a = await newKey({ caller: "dana" });
    await newKey({ caller: "erin" });
    await ask(`/api/v1/keys/${a.id}/revoke`, { method: "POST", json: {}, env: ADMIN_ENV });
    const byState = await ask("/api/v1/keys?state=revoked", { env: ADMIN_ENV });
    expect((byState.body.data as { keys: { id: string }[] }).keys.map((k) => k.id)).toEqual([a.id]);
    const byCaller = await ask("/api/v1/keys?caller=erin", { env: ADMIN_ENV });
    expect((byCaller.body.data as { keys: { caller: string }[] }).keys.map((k) => k.caller)).toEqual(["erin"]);
  });
});
