// No key's secret in any response but the one that made it (creation, rotation), in any log line, or in KV; the
// access log names the key by its id, and the coordinator is sent only the secret's hash.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetIsolate } from "../../src/services";
import { askRaw } from "../support/gateway";
import { ADMIN_ENV, kvEntry } from "../support/keys";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("key secrets", () => {
  it("appear only in the answers that made them: never in a log line, another answer or KV", async () => {
    const lines: unknown[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args) => lines.push(args));
    }
    const seen: string[] = [];
    const call = async (path: string, init: { method?: string; json?: unknown; token?: string } = {}) => {
      const { res, bytes } = await askRaw(path, { env: ADMIN_ENV, ...init });
      const text = new TextDecoder().decode(bytes);
      return { res, text, json: JSON.parse(text) as { data: Record<string, string> } };
    };

    const made = await call("/api/v1/keys", { method: "POST", json: { caller: "dana", note: "laptop" } });
    const { id, key } = made.json.data as { id: string; key: string };
    const rotated = await call(`/api/v1/keys/${id}/rotate`, { method: "POST", json: { graceSeconds: 60 } });
    const fresh = (rotated.json.data as { key: string }).key;
    for (const token of [key, fresh, key, `${key.slice(0, -1)}A`])
      seen.push((await call("/api/v1/chat/credit", { token })).text);
    await kvEntry(fresh);
    resetIsolate();
    seen.push((await call("/api/v1/chat/credit", { token: fresh })).text);
    seen.push((await call("/api/v1/keys")).text, (await call("/api/v1/keys", { token: fresh })).text);
    seen.push((await call(`/api/v1/keys/${id}/revoke`, { method: "POST", json: { reason: "rotated twice" } })).text);
    seen.push((await call("/api/v1/chat/credit", { token: fresh })).text, (await call("/api/v1/keys/audit")).text);
    const listed = await env.STORE.list({ prefix: "key:" });
    const kv = await Promise.all(listed.keys.map(async (k) => `${k.name} ${await env.STORE.get(k.name)}`));

    const everything = JSON.stringify(lines) + seen.join("\n") + kv.join("\n");
    for (const secret of [key, fresh]) {
      // Not the key, and not its random part without the prefix lists show (the first 11 characters).
      expect(everything).not.toContain(secret.slice(11));
    }
    expect(made.text).toContain(key);
    expect(rotated.text).toContain(fresh);
    expect(lines).toContainEqual([expect.objectContaining({ msg: "request", caller: "dana", keyId: id })]);
  });
});
