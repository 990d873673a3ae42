// A wrong task setting stops the deploy the way every other setting does: 503 naming the setting, never its value,
// and no task reaches kie.ai on a guess.
import { afterEach, describe, expect, it, vi } from "vitest";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";

const task = { model: "google/imagen4-fast", input: { prompt: "a fox" } };

afterEach(() => {
  vi.restoreAllMocks();
  expect(sim.state.calls["create-task"]).toBe(0);
});

describe("task settings", () => {
  it.each([
    ["CALLER_POLICIES that is not JSON", { CALLER_POLICIES: "{alice: all}" }, /CALLER_POLICIES is not valid JSON/],
    ["a policy of the wrong shape", { CALLER_POLICIES: '{"alice": {"model": []}}' }, /entry for 'alice'/],
    ["a policy for a caller no token has", { CALLER_POLICIES: '{"alcie": {}}' }, /names 'alcie', not a caller/],
    ["a zero task rate", { KIE_TASK_RATE: "0" }, /KIE_TASK_RATE must be at least 1/],
    ["a PUBLIC_URL with a path", { PUBLIC_URL: "https://gw.example.com/kie" }, /PUBLIC_URL must be a bare origin/],
    ["a plain-http PUBLIC_URL", { PUBLIC_URL: "http://gw.example.com" }, /PUBLIC_URL must be an https origin/],
    ["a signing key that is not whsec_", { CALLBACK_SIGNING_KEY: "hunter2-hunter2" }, /CALLBACK_SIGNING_KEY must/],
    ["an upload cap past 500 MiB", { UPLOAD_MAX_BYTES: String(600 * 2 ** 20) }, /UPLOAD_MAX_BYTES must be at most/],
  ])("answers 503 naming the setting for %s", async (_, env, msg) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { res, body } = await createTask(task, { env });
    expect(res.status).toBe(503);
    expect(body.msg).toMatch(msg);
    expect(body.msg + JSON.stringify(error.mock.calls)).not.toContain("hunter2");
  });

  it("refuses a callBackUrl when relays cannot be signed, rather than relay unsigned", async () => {
    const env = { CALLBACK_SIGNING_KEY: "" };
    const { res, body } = await createTask({ ...task, callBackUrl: "https://app.example.com/cb" }, { env });
    expect(res.status).toBe(503);
    expect(body.msg).toMatch(/CALLBACK_SIGNING_KEY/);
  });
});
