// A coordinator restart loses no key and no audit entry: keys, their secrets' hashes and the log are SQLite rows,
// made by versioned migrations like every other store's.
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { resetIsolate } from "../../src/services";
import { coordinator } from "../support/coordinator";
import { ask } from "../support/gateway";
import { ADMIN_ENV, changeKey, credit, newKey, sql } from "../support/keys";

describe("an evicted coordinator", () => {
  it("keeps every key, secret and audit entry, and goes on where it was", async () => {
    const dana = await newKey({ caller: "dana" });
    await evictDurableObject(coordinator());
    const erin = await newKey({ caller: "erin" });
    const rotated = await changeKey(dana.id, "rotate", { graceSeconds: 600 });
    await evictDurableObject(coordinator());
    await changeKey(erin.id, "revoke", { reason: "left the team" });
    await evictDurableObject(coordinator());
    resetIsolate();

    expect((await credit(dana.key)).res.status).toBe(200);
    expect((await credit((rotated.body.data as { key: string }).key)).res.status).toBe(200);
    expect((await credit(erin.key)).body.msg).toMatch(/^revoked kie-edge key/);
    const { body } = await ask("/api/v1/keys/audit", { env: ADMIN_ENV });
    const entries = (body.data as { entries: { action: string; keyId: string }[] }).entries;
    expect(entries.map((e) => [e.action, e.keyId])).toEqual([
      ["revoke", erin.id],
      ["rotate", dana.id],
      ["create", erin.id],
      ["create", dana.id],
    ]);
    expect(await sql("SELECT version FROM schema_versions WHERE store = 'keys'")).toEqual([{ version: 1 }]);
  });
});
