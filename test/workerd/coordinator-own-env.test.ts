// The coordinator calls kie.ai with the key of its own environment, whatever the calling Worker runs with: no
// secret crosses its calls, so a Worker with another key cannot make the coordinator use it.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { TEST_TOKENS } from "../support/fixtures";
import { GATEWAY } from "../support/gateway";
import { sim } from "../support/network";

// Straight to the Worker's fetch with its own env: the coordinator keeps the settings it was deployed with.
async function asWorkerWith(key: string, path: string, init: RequestInit = {}) {
  const headers = { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/json" };
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${GATEWAY}${path}`, { ...init, headers }),
    { ...env, KIE_API_KEY: key },
    ctx,
  );
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res.status;
}

describe("the coordinator's own settings", () => {
  it("send kie.ai its own key, not the calling Worker's", async () => {
    const wrong = "sk-not-the-key-0123456789abcdef";
    // The Worker's own call to kie.ai goes with the Worker's key: refused.
    expect(await asWorkerWith(wrong, "/api/v1/chat/credit")).toBe(502);
    // A task goes through the coordinator, which asks kie.ai with its own key: made.
    const body = JSON.stringify({ model: "google/imagen4-fast", input: { prompt: "a fox" } });
    expect(await asWorkerWith(wrong, "/api/v1/jobs/createTask", { method: "POST", body })).toBe(200);
    expect(Object.keys(sim.state.tasks)).toHaveLength(1);
  });
});
