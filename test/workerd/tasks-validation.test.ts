// A createTask kie.ai would refuse, or kie-edge must not send, is refused in the envelope before any upstream call.
import { afterEach, describe, expect, it } from "vitest";
import { sim } from "../support/network";
import { createTask, recordInfo } from "../support/tasks";

const input = { prompt: "a fox" };

afterEach(() => {
  expect(sim.state.calls["create-task"] + sim.state.calls["record-info"]).toBe(0);
});

describe("createTask validation", () => {
  it.each([
    ["no model", { input }],
    ["a model that is not a string", { model: 7, input }],
    ["an empty model", { model: "", input }],
    ["a model over 128 characters", { model: `google/${"x".repeat(122)}`, input }],
    ["a model with a space", { model: "google/imagen4 fast", input }],
    ["a model with markup", { model: "google/<script>", input }],
    ["no input", { model: "google/imagen4-fast" }],
    ["an input that is an array", { model: "google/imagen4-fast", input: ["a fox"] }],
    ["a callBackUrl that is not a string", { model: "google/imagen4-fast", input, callBackUrl: 1 }],
    ["a plain-http callBackUrl", { model: "google/imagen4-fast", input, callBackUrl: "http://app.example.com/cb" }],
    [
      "a callBackUrl on a private address",
      { model: "google/imagen4-fast", input, callBackUrl: "https://192.168.0.2/" },
    ],
  ])("refuses %s with 422", async (_, body) => {
    const { res, body: answer } = await createTask(body);
    expect(res.status).toBe(422);
    expect(answer).toMatchObject({ code: 422, data: null });
  });

  it("refuses a body over 256 KiB with 413 and a non-JSON body with 415", async () => {
    const big = { model: "google/imagen4-fast", input: { prompt: "x".repeat(256 * 1024) } };
    expect((await createTask(big)).res.status).toBe(413);
    const text = await createTask({}, { json: undefined, body: "model=x", headers: { "Content-Type": "text/plain" } });
    expect(text.res.status).toBe(415);
  });

  it("refuses a recordInfo without a well-formed taskId with 422", async () => {
    expect((await recordInfo("")).res.status).toBe(422);
    expect((await recordInfo("task 1; drop")).res.status).toBe(422);
  });

  it("needs CALLBACK_SIGNING_KEY to take a callBackUrl: relays are never sent unsigned", async () => {
    const body = { model: "google/imagen4-fast", input, callBackUrl: "https://app.example.com/cb" };
    const { res, body: answer } = await createTask(body, { env: { CALLBACK_SIGNING_KEY: "" } });
    expect(res.status).toBe(503);
    expect(answer.msg).toContain("CALLBACK_SIGNING_KEY");
  });
});
