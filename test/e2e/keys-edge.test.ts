// Runtime keys over real HTTP against `wrangler dev`, through the typed hc<AppType> client: a new teammate gets a
// working key with one call and no deploy, held to its scope; rotation keeps the old secret for its grace, and the
// audit log says who did what.
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import type { AppType } from "../../src/app";
import { TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";
import { createTask } from "./support/tasks";

const stack = useStack({ CALLER_POLICIES: JSON.stringify({ alice: { admin: true } }) });
const admin = () => hc<AppType>(stack.dev.url, { headers: { Authorization: `Bearer ${TEST_TOKENS.alice}` } });
const as = (key: string) => hc<AppType>(stack.dev.url, { headers: { Authorization: `Bearer ${key}` } });

describe("runtime keys at the edge", () => {
  it("give a new teammate a working key with one call", async () => {
    stack.sim.state.balance = 42;
    const res = await admin().api.v1.keys.$post({
      json: { caller: "dana", note: "joined today", models: ["google/*"] },
    });
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data.caller).toBe("dana");
    const credit = await as(data.key).api.v1.chat.credit.$get();
    expect(await credit.json()).toMatchObject({ code: 200, data: 42 });
    const made = await createTask(stack, data.key);
    expect(made.status).toBe(200);
    const denied = await createTask(stack, data.key, { model: "seedream/4.5-edit" });
    expect([denied.status, denied.body.msg]).toEqual([
      403,
      "caller 'dana' may not use model 'seedream/4.5-edit' (CALLER_POLICIES, or its key's scope)",
    ]);
    const listed = await (await as(data.key).api.v1.keys.$get({ query: {} })).json();
    expect(listed.data.keys.map((k) => [k.id, k.state])).toEqual([[data.id, "active"]]);
  });

  it("accept a rotated key's old secret for its grace, and the new one at once", async () => {
    const { data } = await (await admin().api.v1.keys.$post({ json: { caller: "gus" } })).json();
    const res = await admin().api.v1.keys[":id"].rotate.$post({ param: { id: data.id }, json: { graceSeconds: 60 } });
    const rotated = (await res.json()).data;
    expect(Date.parse(rotated.graceUntil)).toBeGreaterThan(Date.now() + 50_000);
    expect((await as(data.key).api.v1.chat.credit.$get()).status).toBe(200);
    expect((await as(rotated.key).api.v1.chat.credit.$get()).status).toBe(200);
    const audit = await (await admin().api.v1.keys.audit.$get({ query: { keyId: data.id } })).json();
    expect(audit.data.entries.map((e) => [e.action, e.actor])).toEqual([
      ["rotate", "alice via PROXY_TOKENS"],
      ["create", "alice via PROXY_TOKENS"],
    ]);
  });
});
