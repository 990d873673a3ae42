// The simulator's Veo 3.1: generate → record-info → callback, extend's parent, the 1080P "processing" quirk and
// the 4K task under both readings of its id. In-process, on the test's own clock.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/veo";

async function finishedVideo(h = harness({ webhookHmacKey: "whk" })) {
  h.sim.state.taskSettings.durationMs = null;
  const { data } = await h.post("/api/v1/veo/generate", { prompt: "a cat", aspect_ratio: "9:16", callBackUrl: HOOK });
  const record = () => h.get(`/api/v1/veo/record-info?taskId=${data.taskId}`);
  const running = await record();
  await h.sim.complete(data.taskId);
  return { h, taskId: data.taskId as string, running, done: await record() };
}

describe("Veo", () => {
  it("polls successFlag 0 then 1 with response.resultUrls, paramJson and the callback it echoes", async () => {
    const { taskId, running, done } = await finishedVideo();
    expect(running.data).toMatchObject({ taskId, successFlag: 0, response: null, completeTime: null, errorCode: null });
    expect(JSON.parse(done.data.paramJson)).toMatchObject({ prompt: "a cat", callBackUrl: HOOK });
    expect(done).toMatchObject({ code: 200, msg: "success" });
    expect(done.data).toMatchObject({ successFlag: 1, fallbackFlag: false, createTime: "2026-01-01 00:00:00" });
    expect(done.data.response.resultUrls).toEqual([`https://tempfile.aiquickdraw.com/veo/${taskId}/0.mp4`]);
    expect(done.data.response).toMatchObject({ resolution: "720p", originUrls: [expect.stringMatching(/\.mp4$/)] });
  });

  it("calls back with data.info and a signature over the task id", async () => {
    const { h, taskId, done } = await finishedVideo();
    const [sent] = h.sent;
    expect(sent?.url).toBe(HOOK);
    expect(sent?.body).toEqual({
      code: 200,
      msg: "Veo3.1 video generated successfully.",
      data: { taskId, info: { ...done.data.response, taskId: undefined }, fallbackFlag: false },
    });
    expect(sent && (await h.verifies(sent, taskId, "whk"))).toBe(true);
  });

  it("fails with successFlag 3, errorCode and a callback without info", async () => {
    const h = harness();
    h.sim.state.familySettings.failure.veo = { code: 400, msg: "flagged" };
    const { data } = await h.post("/api/v1/veo/generate", { prompt: "x", callBackUrl: HOOK });
    await h.sim.complete(data.taskId, "fail");
    const record = await h.get(`/api/v1/veo/record-info?taskId=${data.taskId}`);
    expect(record.data).toMatchObject({ successFlag: 3, errorCode: 400, errorMessage: "flagged", response: null });
    expect(h.sent[0]?.body).toEqual({ code: 400, msg: "flagged", data: { taskId: data.taskId, fallbackFlag: false } });
  });

  it("extends only a finished Veo task, answering 422 record is null otherwise", async () => {
    const { h, taskId } = await finishedVideo();
    expect(await h.post("/api/v1/veo/extend", { taskId: "nope", prompt: "on" })).toMatchObject({
      http: 200,
      code: 422,
      msg: "record is null",
    });
    const running = (await h.post("/api/v1/veo/generate", { prompt: "b" })).data.taskId;
    expect((await h.post("/api/v1/veo/extend", { taskId: running, prompt: "on" })).code).toBe(422);
    const extended = await h.post("/api/v1/veo/extend", { taskId, prompt: "on", model: "quality" });
    expect(h.sim.state.tasks[extended.data.taskId]).toMatchObject({ parentTaskId: taskId, model: "quality" });
  });

  it("answers 1080P processing (code 400) for the first calls, then data.resultUrl", async () => {
    const { h, taskId } = await finishedVideo();
    h.sim.state.familySettings.veo1080pProcessingCalls = 1;
    const first = await h.get(`/api/v1/veo/get-1080p-video?taskId=${taskId}&index=0`);
    expect(first).toMatchObject({ code: 400, msg: expect.stringContaining("1080P is processing"), data: null });
    const ready = await h.get(`/api/v1/veo/get-1080p-video?taskId=${taskId}&index=0`);
    expect(ready.data.resultUrl).toBe(`https://tempfile.aiquickdraw.com/veo/${taskId}/1080p-0.mp4`);
    expect((await h.get(`/api/v1/veo/get-1080p-video?taskId=${taskId}&index=3`)).code).toBe(422);
  });
});
