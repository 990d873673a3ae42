// Every change to a key is in the audit log — who, what, when, from which request — read by admins through the API;
// kept 400 days like the ledger, then forgotten, with the keys long revoked or expired.
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { coordinator } from "../support/coordinator";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { ADMIN_ENV, changeKey, createKey, newKey, sql } from "../support/keys";

type Entry = {
  at: string;
  actor: string;
  action: string;
  keyId: string;
  requestId: string;
  outcome: string;
  reason?: string;
};
const DAY = 86_400_000;

async function audit(query = ""): Promise<Entry[]> {
  const { res, body } = await ask(`/api/v1/keys/audit${query}`, { env: ADMIN_ENV });
  expect(res.status).toBe(200);
  return (body.data as { entries: Entry[] }).entries;
}

describe("the audit log", () => {
  it("has every create, rotate and revoke, newest first, with its actor, time and request id", async () => {
    const before = Date.now();
    const made = await createKey({ caller: "dana" });
    const { id, key } = made.body.data as { id: string; key: string };
    const admin = await newKey({ caller: "ops", admin: true });
    const rotated = await changeKey(id, "rotate", { graceSeconds: 60 }, { token: admin.key });
    const revoked = await changeKey(id, "revoke", { reason: "laptop lost" });
    const entries = await audit(`?keyId=${id}`);
    expect(entries).toEqual([
      expect.objectContaining({
        action: "revoke",
        actor: "alice via PROXY_TOKENS",
        reason: "laptop lost",
        outcome: "done",
      }),
      expect.objectContaining({
        action: "rotate",
        actor: `ops via ${admin.id}`,
        reason: "grace 60 s",
        outcome: "done",
      }),
      expect.objectContaining({ action: "create", actor: "alice via PROXY_TOKENS", outcome: "done", keyId: id }),
    ]);
    const ids = [revoked, rotated, made].map((a) => a.res.headers.get("X-Request-Id"));
    expect(entries.map((e) => e.requestId)).toEqual(ids);
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(await audit())).not.toContain(key.slice(12));
    expect((await audit("?limit=1")).map((e) => e.action)).toEqual(["revoke"]);
  });

  it("is for admins only", async () => {
    await newKey({ caller: "dana" });
    const { res } = await ask("/api/v1/keys/audit", { token: TEST_TOKENS.bob, env: ADMIN_ENV });
    expect(res.status).toBe(403);
  });

  it("forgets entries past 400 days, and keys revoked that long ago, and keeps the rest", async () => {
    const old = await newKey({ caller: "dana" });
    const kept = await newKey({ caller: "erin" });
    await changeKey(old.id, "revoke");
    const longAgo = Date.now() - 401 * DAY;
    await sql("UPDATE key_audit SET at = ? WHERE key_id = ?", longAgo, old.id);
    await sql("UPDATE caller_keys SET revoked_at = ? WHERE id = ?", longAgo, old.id);
    // Pruning runs at most hourly, with a change or an audit read: the first read after a restart prunes.
    await evictDurableObject(coordinator());
    expect((await audit()).map((e) => e.keyId)).toEqual([kept.id]);
    const listed = await ask("/api/v1/keys", { env: ADMIN_ENV });
    expect((listed.body.data as { keys: { id: string }[] }).keys.map((k) => k.id)).toEqual([kept.id]);
    expect(await sql("SELECT count(*) AS n FROM key_secrets WHERE key_id = ?", old.id)).toEqual([{ n: 0 }]);
  });
});
