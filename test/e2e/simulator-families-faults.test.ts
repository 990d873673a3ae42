// The simulator's fault machinery on the per-family paths: rules aimed at a path or a family, calls counted by path,
// the record-shape fault (state field gone or undocumented), and the callback faults bent to each family's shape.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/cb";

describe("faults on the families", () => {
  it("aim at a path or a family name, and leave today's endpoint names and counts as they were", async () => {
    const h = harness();
    h.sim.state.rules.push({ endpoint: "/api/v1/veo/generate", fault: { kind: "status", code: 500 }, times: 1 });
    h.sim.state.rules.push({ endpoint: "runway", fault: { kind: "wrong-type" }, times: 1 });
    expect((await h.post("/api/v1/veo/generate", { prompt: "p" })).http).toBe(500);
    expect((await h.post("/api/v1/veo/generate", { prompt: "p" })).code).toBe(200);
    expect((await h.get("/api/v1/runway/record-detail?taskId=x")).data).toBe(42);
    expect(h.sim.state.callsByPath).toEqual({ "/api/v1/veo/generate": 2, "/api/v1/runway/record-detail": 1 });
    expect(Object.values(h.sim.state.calls)).toEqual([0, 0, 0, 0, 0]);
    expect(h.sim.state.log.map((c) => c.endpoint)).toEqual(["veo", "veo", "runway"]);
  });

  it("record-shape: code 200 with the state field missing, or holding a value kie.ai never documents", async () => {
    const h = harness();
    const veo = (await h.post("/api/v1/veo/generate", { prompt: "p" })).data.taskId;
    const img = (await h.post("/api/v1/gpt4o-image/generate", { size: "1:1", prompt: "p" })).data.taskId;
    const job = (await h.post("/api/v1/jobs/createTask", { model: "m", input: {} })).data.taskId;
    Object.assign(h.sim.state.familySettings.recordFault, {
      veo: "missing-state",
      "gpt4o-image": "unknown-state",
      jobs: "unknown-state",
    });
    const veoRecord = await h.get(`/api/v1/veo/record-info?taskId=${veo}`);
    expect(veoRecord.code).toBe(200);
    expect(veoRecord.data).not.toHaveProperty("successFlag");
    expect((await h.get(`/api/v1/gpt4o-image/record-info?taskId=${img}`)).data).toMatchObject({
      status: "UNDOCUMENTED",
      successFlag: 9,
    });
    expect((await h.get(`/api/v1/jobs/recordInfo?taskId=${job}`)).data.state).toBe("UNDOCUMENTED");
  });

  it("lying-body: the family's own success shape with files other than the record's", async () => {
    const h = harness({ webhookHmacKey: "whk" });
    h.sim.state.callbackFault = { kind: "lying-body" };
    const { data } = await h.post("/api/v1/flux/kontext/generate", { prompt: "p", callBackUrl: HOOK });
    await h.sim.complete(data.taskId, "fail");
    const sent = h.sent[0];
    expect(sent?.body).toMatchObject({
      code: 200,
      data: { taskId: data.taskId, info: { resultImageUrl: expect.stringContaining("not-the-result") } },
    });
    expect(sent && (await h.verifies(sent, data.taskId, "whk"))).toBe(true);
    expect((await h.get(`/api/v1/flux/kontext/record-info?taskId=${data.taskId}`)).data.successFlag).toBe(3);
  });

  it("snake-case, top-level-id and a family filter move the id and pick the callbacks", async () => {
    const h = harness();
    h.sim.state.callbackFault = { kind: "top-level-id", family: "veo", times: 1 };
    const runway = await h.post("/api/v1/runway/generate", {
      prompt: "p",
      duration: 5,
      quality: "720p",
      aspectRatio: "1:1",
      callBackUrl: HOOK,
    });
    const veo = await h.post("/api/v1/veo/generate", { prompt: "p", callBackUrl: HOOK });
    await h.sim.settle();
    expect(h.sent.map((s) => s.body.taskId)).toEqual([undefined, veo.data.taskId]);
    expect(h.sent[0]?.body.data.task_id).toBe(runway.data.taskId);
    h.sim.state.callbackFault = { kind: "snake-case" };
    const img = await h.post("/api/v1/gpt4o-image/generate", { size: "1:1", prompt: "p", callBackUrl: HOOK });
    await h.sim.settle();
    expect(h.sent[2]?.body.data).toMatchObject({ task_id: img.data.taskId, info: expect.any(Object) });
  });
});
