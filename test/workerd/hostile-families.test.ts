// Every hostile body on every family path gets a clear 4xx in the envelope and sends nothing to kie.ai: not JSON,
// not an object, too big, nested too deep, a model id outside the rule, a callback URL that is not https or names an
// internal host, a parent task of another caller or of another family.
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/families";
import { caseOf } from "../families/cases";
import { callOp, finishedTask, op } from "../support/families";
import { TEST_TOKENS } from "../support/fixtures";
import { askRaw } from "../support/gateway";
import { expectRefused } from "../support/hostile";
import { sim } from "../support/network";

// A parent the cases can read (refused before anyone looks it up).
const NO_PARENT = {
  taskId: "task_x",
  record: { response: { sunoData: [{ id: "audio_x" }], resultUrls: ["https://x"] } },
};
const posts = OPERATIONS.filter((o) => o.method === "POST").map((o) => [o.id, o.path] as const);
const deep = (n: number) => `{"prompt":${"[".repeat(n)}${"]".repeat(n)}}`;
const bodies: [string, string, string, number][] = [
  ["not JSON", "{prompt:", "application/json", 400],
  ["not an object", '["a fox"]', "application/json", 422],
  ["not sent as JSON", "prompt=a+fox", "text/plain", 415],
  ["over 256 KiB", JSON.stringify({ prompt: "x".repeat(260 * 1024) }), "application/json", 413],
  ["nested 5,000 deep (10 KB)", deep(5000), "application/json", 422],
  ["nested 40 deep", deep(40), "application/json", 422],
];

describe.each(posts)("POST %s", (_, path) => {
  it.each(bodies)("refuses a body %s", async (__, body, type, status) => {
    const { res, bytes } = await askRaw(path, { method: "POST", body, headers: { "Content-Type": type } });
    await expectRefused(res, bytes, (code) => code === status);
  });
});

const withModel = OPERATIONS.filter((o) => o.model).map((o) => [o.id, o.model?.field ?? ""] as const);
describe.each(withModel)("%s", (id, field) => {
  it.each(["", "a b", "x".repeat(129), "<script>", "fox\u0000"])(`refuses ${field} %j with 422`, async (model) => {
    const { res, bytes } = await askRaw(op(id).path, {
      method: "POST",
      json: { ...caseOf(id).body?.(NO_PARENT), [field]: model },
    });
    await expectRefused(res, bytes, (code) => code === 422);
  });
});

const withCallback = OPERATIONS.filter((o) => o.callback && !o.parent).map((o) => [o.id] as const);
describe.each(withCallback)("%s", (id) => {
  it.each([
    "http://app.example.com/cb",
    "https://10.0.0.5/cb",
    "https://[::ffff:0:127.0.0.1]/cb",
    "https://[64:ff9b::169.254.169.254]/cb",
    "https://localhost/cb",
    "https://user:pw@app.example.com/cb",
    "not a url",
  ])("refuses callBackUrl %s with 422", async (url) => {
    const body = { ...caseOf(id).body?.(NO_PARENT), [op(id).callback ?? ""]: url };
    const { res, bytes } = await askRaw(op(id).path, { method: "POST", json: body });
    await expectRefused(res, bytes, (code) => code === 422);
  });
});

const followUps = OPERATIONS.filter((o) => o.parent).map((o) => [o.id] as const);
describe.each(followUps)("%s", (id) => {
  it("refuses another caller's parent as an unknown one (404), and another family's (422), asking kie.ai nothing", async () => {
    const parent = caseOf(id).parent;
    const theirs = await finishedTask(parent?.op ?? "", { token: TEST_TOKENS.bob }, parent?.body);
    const otherFamily = await finishedTask(op(id).family === "runway" ? "aleph/generate" : "runway/generate");
    sim.reset();
    const unknown = await callOp(id, { ...theirs, taskId: "task_nobody_has" });
    const foreign = await callOp(id, theirs);
    expect([unknown.res.status, foreign.res.status]).toEqual([404, 404]);
    expect(foreign.body.msg).toBe(unknown.body.msg);
    if (!op(id).parent?.item)
      expect((await callOp(id, { ...theirs, taskId: otherFamily.taskId })).res.status).toBe(422);
    expect(Object.values(sim.state.callsByPath).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
