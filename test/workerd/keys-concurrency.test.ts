// Two admins changing one key at once leave it in one defined state, and both changes — made or refused — are in
// the audit log: the coordinator applies them one after the other, each to the state the other left.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { changeKey, credit, newKey } from "../support/keys";

// Alice and bob are both admins here.
const env = { CALLER_POLICIES: JSON.stringify({ alice: { admin: true }, bob: { admin: true } }) };
type Entry = { action: string; outcome: string; actor: string; requestId: string };

async function auditOf(id: string): Promise<Entry[]> {
  const { body } = await ask(`/api/v1/keys/audit?keyId=${id}`, { env });
  return (body.data as { entries: Entry[] }).entries;
}

describe("concurrent changes to one key", () => {
  it.each([1, 2, 3, 4, 5])("revoke and rotate at once (round %i): revoked, both in the audit log", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    const [revoked, rotated] = await Promise.all([
      changeKey(id, "revoke", { reason: "leaked" }, { env }),
      changeKey(id, "rotate", {}, { env, token: TEST_TOKENS.bob }),
    ]);
    expect(revoked.res.status).toBe(200);
    expect([200, 409]).toContain(rotated.res.status);
    const entries = await auditOf(id);
    const requestIds = [revoked.res.headers.get("X-Request-Id"), rotated.res.headers.get("X-Request-Id")];
    expect(
      entries
        .map((e) => e.requestId)
        .slice(0, 2)
        .sort(),
    ).toEqual(requestIds.sort());
    const rotate = entries.find((e) => e.action === "rotate");
    expect(rotate).toMatchObject({
      actor: "bob via PROXY_TOKENS",
      outcome: rotated.res.status === 200 ? "done" : "refused",
    });
    const listed = await ask("/api/v1/keys", { env });
    expect((listed.body.data as { keys: { state: string }[] }).keys.map((k) => k.state)).toEqual(["revoked"]);
    // Whatever the order, no secret of the key is accepted any more.
    const fresh = rotated.res.status === 200 ? [(rotated.body.data as { key: string }).key] : [];
    for (const token of [key, ...fresh]) expect((await credit(token)).res.status).toBe(401);
  });

  it("two rotations at once leave exactly one current secret", async () => {
    const { id } = await newKey({ caller: "dana" });
    const answers = await Promise.all([
      changeKey(id, "rotate", {}, { env }),
      changeKey(id, "rotate", {}, { env, token: TEST_TOKENS.bob }),
    ]);
    expect(answers.map((a) => a.res.status)).toEqual([200, 200]);
    const statuses = await Promise.all(
      answers.map(async (a) => (await credit((a.body.data as { key: string }).key)).res.status),
    );
    expect(statuses.sort()).toEqual([200, 401]);
    expect((await auditOf(id)).filter((e) => e.action === "rotate" && e.outcome === "done")).toHaveLength(2);
  });

  it("two revocations at once: revoked once, both in the audit log", async () => {
    const { id } = await newKey({ caller: "dana" });
    const answers = await Promise.all([
      changeKey(id, "revoke", { reason: "a" }, { env }),
      changeKey(id, "revoke", { reason: "b" }, { env, token: TEST_TOKENS.bob }),
    ]);
    expect(answers.map((a) => a.res.status)).toEqual([200, 200]);
    const revokedAt = answers.map((a) => (a.body.data as { revokedAt: string }).revokedAt);
    expect(revokedAt[0]).toBe(revokedAt[1]);
    expect((await auditOf(id)).filter((e) => e.action === "revoke")).toHaveLength(2);
  });
});
