// CALLER_POLICIES: a caller uses only the models its policy lists; nothing outside them is sent to kie.ai.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";

const env = { CALLER_POLICIES: JSON.stringify({ alice: { models: ["google/*", "seedream/4.5-edit"] } }) };
const task = (model: string) => ({ model, input: { prompt: "a fox" } });

describe("caller policies", () => {
  it("lets a caller use an exact model and a family/* pattern of its list", async () => {
    expect((await createTask(task("seedream/4.5-edit"), { env })).res.status).toBe(200);
    expect((await createTask(task("google/veo-3-1"), { env })).res.status).toBe(200);
  });

  it("refuses any other model with 403 naming the caller and the model, before kie.ai is asked", async () => {
    const { res, body } = await createTask(task("seedream/4.0"), { env });
    expect(res.status).toBe(403);
    expect(body.msg).toContain("'alice'");
    expect(body.msg).toContain("'seedream/4.0'");
    expect(sim.state.calls["create-task"]).toBe(0);
  });

  it("lets a caller with no entry use every model", async () => {
    expect((await createTask(task("grok-imagine/text-to-image"), { env, token: TEST_TOKENS.bob })).res.status).toBe(
      200,
    );
  });
});
