// kie.ai's callback signature checked as kie.ai makes it, and each caller's relay secret derived, not stored.
import { describe, expect, it } from "vitest";
import { callerSecret, kieSignature, verifyKieSignature } from "../../src/tasks";

const KEY = "kie-hmac-key-0123456789";
const NOW = Date.UTC(2026, 10, 25, 12);
const TS = String(NOW / 1000);

describe("kie.ai callback signatures", () => {
  it("accepts base64(HMAC-SHA256(taskId.timestamp)) made with the key", async () => {
    const signature = await kieSignature(KEY, "task_1", TS);
    expect(await verifyKieSignature(KEY, "task_1", TS, signature, NOW)).toBeUndefined();
  });

  it("refuses another task's, another key's, a stale and an unsigned callback", async () => {
    const signature = await kieSignature(KEY, "task_1", TS);
    expect(await verifyKieSignature(KEY, "task_2", TS, signature, NOW)).toMatch(/does not match/);
    expect(await verifyKieSignature("other-key", "task_1", TS, signature, NOW)).toMatch(/does not match/);
    expect(await verifyKieSignature(KEY, "task_1", TS, signature, NOW + 301_000)).toMatch(/300 s/);
    expect(await verifyKieSignature(KEY, "task_1", undefined, undefined, NOW)).toMatch(/not signed/);
  });
});

describe("relay secrets", () => {
  it("are whsec_ secrets of 32 bytes, the same for a caller each time, different between callers", async () => {
    const root = new Uint8Array(32).fill(7);
    const web = await callerSecret(root, "web");
    expect(web.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await callerSecret(root, "web")).secret).toBe(web.secret);
    expect((await callerSecret(root, "ops")).secret).not.toBe(web.secret);
    expect((await callerSecret(new Uint8Array(32).fill(8), "web")).secret).not.toBe(web.secret);
  });
});
