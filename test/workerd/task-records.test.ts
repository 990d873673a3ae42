// What a caller sees of a record, and what a callback names: the gateway's own callback reference never shows, in
// any spelling kie.ai might echo it in, and the task id is found wherever a kie.ai family puts it.
import { describe, expect, it } from "vitest";
import { callbackTaskId, forCaller } from "../../src/tasks";

const REF = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
const INTERNAL = `https://edge.example.com/callbacks/kie/${REF}`;
const MINE = "https://app.example.com/cb";
const record = {
  taskId: "task_1",
  state: "success",
  param: JSON.stringify({ model: "google/imagen4-fast", callBackUrl: INTERNAL, input: { prompt: "fox" } }),
  resultJson: JSON.stringify({ resultUrls: ["https://tempfile.aiquickdraw.com/t/1.png"] }),
};
const view = (callbackUrl: string | null) => ({ kieCallback: INTERNAL, ref: REF, callbackUrl });

describe("records as callers see them", () => {
  it("gives back the caller's own callBackUrl in param", () => {
    const shown = forCaller(record, view(MINE));
    expect(JSON.parse(shown.param)).toEqual({
      model: "google/imagen4-fast",
      input: { prompt: "fox" },
      callBackUrl: MINE,
    });
  });

  it("leaves callBackUrl out when the caller gave none, and blanks the reference anywhere else", () => {
    const leaky = { ...record, note: `sent to ${INTERNAL}`, other: `not json ${INTERNAL}` };
    const shown = forCaller(leaky, view(null));
    expect(JSON.stringify(shown)).not.toContain(REF);
    expect(JSON.parse(shown.param)).not.toHaveProperty("callBackUrl");
  });

  it.each([
    ["escaped slashes inside a JSON string", { resultJson: JSON.stringify({ echo: INTERNAL }).replaceAll("/", "\\/") }],
    ["percent-encoded in a URL", { link: `https://x.example/?cb=${encodeURIComponent(INTERNAL)}` }],
    [
      "percent-encoded letter by letter",
      { link: [...INTERNAL].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("") },
    ],
    ["a Suno record's callbackUrl", { callbackUrl: INTERNAL }],
    ["a Veo record's paramJson", { paramJson: JSON.stringify({ prompt: "p", callBackUrl: INTERNAL }) }],
    ["nested twice", { paramJson: JSON.stringify({ inner: JSON.stringify({ callbackUrl: INTERNAL }) }) }],
  ])("blanks the reference when kie.ai echoes it as %s", (_, leak) => {
    const shown = forCaller({ taskId: "t", ...leak }, view(null));
    const text = JSON.stringify(shown);
    expect(text).not.toContain(REF);
    expect(text.replace(/%([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)))).not.toContain(
      REF,
    );
  });

  it("puts the caller's URL where a family echoes its callback field", () => {
    const shown = forCaller({ taskId: "t", callbackUrl: INTERNAL }, view(MINE));
    expect(shown).toEqual({ taskId: "t", callbackUrl: MINE });
  });

  it("leaves a record that never names the reference as it is (the same object)", () => {
    expect(forCaller(record, { ...view(null), ref: "x".repeat(43) })).toBe(record);
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
});
