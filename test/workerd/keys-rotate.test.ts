// Rotation gives a key a new secret and keeps everything else: the caller, its tasks, its history. The old secret
// is accepted for the grace the admin chose, then refused; a rotation with no grace cuts it off at once.
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/net";
import { ask } from "../support/gateway";
import { ADMIN_ENV, changeKey, credit, newKey, sql } from "../support/keys";
import { newTask, recordInfo } from "../support/tasks";
import { usage } from "../support/usage";

type Rotated = { id: string; key: string; prefix: string; graceUntil: string };

async function rotate(id: string, graceSeconds?: number): Promise<Rotated> {
  const { res, body } = await changeKey(id, "rotate", graceSeconds === undefined ? {} : { graceSeconds });
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  return body.data as Rotated;
}

describe("rotating a key", () => {
  it("accepts old and new secrets within the grace, the same caller behind both", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    const taskId = await newTask({}, { token: key });
    const before = Date.now();
    const rotated = await rotate(id, 3600);
    expect(rotated.id).toBe(id);
    expect(rotated.key).not.toBe(key);
    expect(rotated.key.startsWith(rotated.prefix)).toBe(true);
    expect(Date.parse(rotated.graceUntil) - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await credit(key)).res.status).toBe(200);
    // The task made with the old secret is the caller's, and so readable with the new one; the ledger agrees.
    expect((await recordInfo(taskId, { token: rotated.key })).res.status).toBe(200);
    expect(await usage("groupBy=caller", { token: rotated.key })).toEqual([
      expect.objectContaining({ caller: "dana", tasks: 1 }),
    ]);
  });

  it("with no grace (the default), refuses the old secret at once", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    expect((await credit(key)).res.status).toBe(200);
    const rotated = await rotate(id);
    expect((await credit(key)).body.msg).toMatch(/was rotated, and this secret's grace period ended/);
    expect((await credit(rotated.key)).res.status).toBe(200);
  });

  it("ends an earlier secret's longer grace with the new rotation's", async () => {
    const { id, key: first } = await newKey({ caller: "dana" });
    const second = await rotate(id, 7 * 86_400);
    await rotate(id, 0);
    const rows = (await sql("SELECT hash, grace_until FROM key_secrets WHERE key_id = ?", id)) as {
      hash: string;
      grace_until: number | null;
    }[];
    const firstHash = await sha256Hex(first);
    expect(rows.filter((r) => r.grace_until === null)).toHaveLength(1);
    expect(rows.find((r) => r.hash === firstHash)?.grace_until).toBeLessThanOrEqual(Date.now());
    expect((await credit(first)).res.status).toBe(401);
    expect((await credit(second.key)).res.status).toBe(401);
  });

  it("refuses to rotate a revoked key, 409, and the attempt is in the audit log", async () => {
    const { id } = await newKey({ caller: "dana" });
    await changeKey(id, "revoke");
    const { res, body } = await changeKey(id, "rotate");
    expect([res.status, body.msg]).toEqual([409, `key ${id} is revoked: it cannot be rotated`]);
    const audit = await ask(`/api/v1/keys/audit?keyId=${id}`, { env: ADMIN_ENV });
    expect((audit.body.data as { entries: unknown[] }).entries[0]).toMatchObject({
      action: "rotate",
      outcome: "refused",
      reason: "the key is revoked",
    });
  });
});
