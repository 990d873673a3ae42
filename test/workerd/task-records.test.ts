// What a caller sees of a record, and what a callback names: the gateway's own callback URL never shows, and the
// task id is found wherever a kie.ai family puts it.
import { describe, expect, it } from "vitest";
import { callbackTaskId, forCaller, relayBody } from "../../src/tasks";

const INTERNAL = "https://edge.example.com/callbacks/kie/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
const record = {
  taskId: "task_1",
  state: "success",
  param: JSON.stringify({ model: "google/imagen4-fast", callBackUrl: INTERNAL, input: { prompt: "fox" } }),
  resultJson: JSON.stringify({ resultUrls: ["https://tempfile.aiquickdraw.com/t/1.png"] }),
};

describe("records as callers see them", () => {
  it("gives back the caller's own callBackUrl in param", () => {
    const shown = forCaller(record, { kieCallback: INTERNAL, callbackUrl: "https://app.example.com/cb" });
    expect(JSON.parse(shown.param ?? "")).toEqual({
      model: "google/imagen4-fast",
      input: { prompt: "fox" },
      callBackUrl: "https://app.example.com/cb",
    });
  });

  it("leaves callBackUrl out when the caller gave none, and blanks the internal URL anywhere else", () => {
    const leaky = { ...record, note: `sent to ${INTERNAL}`, param: `not json ${INTERNAL}` };
    const shown = forCaller(leaky, { kieCallback: INTERNAL, callbackUrl: null });
    expect(JSON.stringify(shown)).not.toContain("callbacks/kie");
    expect(JSON.parse(forCaller(record, { kieCallback: INTERNAL, callbackUrl: null }).param ?? "")).not.toHaveProperty(
      "callBackUrl",
    );
  });

  it.each([
    [{ data: { taskId: "a" } }, "a"],
    [{ data: { task_id: "b" } }, "b"],
    [{ taskId: "c", data: { info: {} } }, "c"],
    [{ task_id: "d" }, "d"],
    [{ data: {} }, undefined],
    ["not an object", undefined],
  ])("finds the task id in %j", (body, id) => {
    expect(callbackTaskId(body)).toBe(id);
  });

  it("relays kie.ai's callback shape: 200 on success, 501 with the failure's message", () => {
    expect(JSON.parse(relayBody(record))).toMatchObject({ code: 200, msg: "success", data: { taskId: "task_1" } });
    const failed = JSON.parse(relayBody({ taskId: "t", state: "fail", failMsg: "nsfw" }));
    expect(failed).toMatchObject({ code: 501, msg: "nsfw", data: { state: "fail" } });
  });
});
