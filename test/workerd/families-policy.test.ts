// CALLER_POLICIES name tasks as kie-edge names them — a Market model id as sent, `<family>/<model>` or
// `<family>/<operation>` otherwise — with exact names and `prefix*` patterns; nothing refused reaches kie.ai.
import { describe, expect, it } from "vitest";
import { callOp } from "../support/families";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

const env = { CALLER_POLICIES: JSON.stringify({ alice: { models: ["veo/*", "nano-banana*", "suno/lyrics"] } }) };

describe("model patterns of a caller's policy", () => {
  it.each([
    ["veo/generate", undefined],
    ["suno/lyrics", undefined],
  ])("let %s through", async (id, body) => {
    expect((await callOp(id, undefined, { env }, body)).res.status).toBe(200);
  });

  it("let a Market id without a slash through by its prefix", async () => {
    const json = { model: "nano-banana-2", input: { prompt: "a fox" } };
    expect((await ask("/api/v1/jobs/createTask", { method: "POST", json, env })).res.status).toBe(200);
  });

  it.each([
    ["suno/generate", "suno/V5"],
    ["flux-kontext/generate", "flux-kontext/flux-kontext-pro"],
    ["jobs/createTask", "google/imagen4-fast"],
    ["mj/generate", "mj/mj_txt2img"],
  ])("refuse %s with 403 naming %s, asking kie.ai nothing", async (id, name) => {
    const { res, body } = await callOp(id, undefined, { env });
    expect(res.status).toBe(403);
    expect(body.msg).toContain(`'${name}'`);
    expect(Object.values(sim.state.callsByPath).reduce((a, b) => a + b, 0) + sim.state.calls["create-task"]).toBe(0);
  });
});
