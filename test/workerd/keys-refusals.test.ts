// A key that cannot be used is a 401 saying which of malformed, unknown, expired, revoked or past its grace it is —
// never which part of a secret was wrong — and kie.ai is never asked.
import { describe, expect, it } from "vitest";
import { newKeySecret } from "../../src/keys/secret";
import { sha256Hex } from "../../src/net";
import { changeKey, credit, newKey, sql } from "../support/keys";
import { sim } from "../support/network";

async function refused(token: string, msg: RegExp) {
  const { res, body } = await credit(token);
  expect([res.status, body.code, body.data]).toEqual([401, 401, null]);
  expect(body.msg).toMatch(msg);
  expect(body.msg).not.toContain(token);
  expect(res.headers.get("WWW-Authenticate")).toBe('Bearer realm="kie-edge"');
  expect(sim.state.calls.credit).toBe(0);
}

describe("a key that cannot be used", () => {
  it("is malformed: cut short, or a character changed (its check digits no longer match)", async () => {
    const { key } = await newKey({ caller: "dana" });
    const swapped = `${key.slice(0, 20)}${key[20] === "A" ? "B" : "A"}${key.slice(21)}`;
    for (const token of ["ke_short", key.slice(0, -1), `${key}x`, swapped]) {
      await refused(token, /^malformed kie-edge key: a key is ke_ and 49 more characters, exactly as it was issued$/);
    }
  });

  it("is unknown: well formed, but never issued here", async () => {
    await refused(newKeySecret(), /^unknown kie-edge key: no key of this gateway has this secret$/);
  });

  it("is expired", async () => {
    const { id, key } = await newKey({ caller: "dana", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await sql("UPDATE caller_keys SET expires_at = ? WHERE id = ?", Date.now() - 1000, id);
    await refused(key, new RegExp(`^expired kie-edge key: key ${id} expired at \\d{4}-`));
  });

  it("is revoked, at once in the isolate that revoked it", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    expect((await credit(key)).res.status).toBe(200);
    sim.state.calls.credit = 0;
    expect((await changeKey(id, "revoke", { reason: "laptop lost" })).res.status).toBe(200);
    await refused(key, new RegExp(`^revoked kie-edge key: key ${id} was revoked at \\d{4}-`));
  });

  it("is past its grace: a rotated key's old secret after the grace the admin gave it", async () => {
    const { id, key } = await newKey({ caller: "dana" });
    const rotated = await changeKey(id, "rotate", { graceSeconds: 3600 });
    const fresh = (rotated.body.data as { key: string }).key;
    await sql("UPDATE key_secrets SET grace_until = ? WHERE hash = ?", Date.now() - 1000, await sha256Hex(key));
    await refused(
      key,
      new RegExp(`^kie-edge key ${id} was rotated, and this secret's grace period ended at .*new secret$`),
    );
    expect((await credit(fresh)).res.status).toBe(200);
  });

  it("is never refused for a coordinator that cannot answer: 503, try again", async () => {
    const { key } = await newKey({ caller: "dana" });
    const down = { getByName: () => ({ verifyKey: () => Promise.reject(new Error("overloaded")) }) };
    const { res, body } = await credit(key, { env: { COORDINATOR: down } });
    expect([res.status, body.msg, res.headers.get("Retry-After")]).toEqual([
      503,
      "kie-edge could not verify this key just now: try again",
      "1",
    ]);
    expect((await credit(key)).res.status).toBe(200);
  });
});
