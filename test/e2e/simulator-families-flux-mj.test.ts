// The simulator's Flux Kontext (origin and result image, BFL's callback message) and legacy Midjourney (results as
// objects in the record and strings in the callback, follow-ups on one of the grid's images).
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/img";

describe("Flux Kontext and Midjourney", () => {
  it("Flux: successFlag 0 → 1, response.{originImageUrl, resultImageUrl}, and the same in the callback's info", async () => {
    const h = harness();
    h.sim.state.taskSettings.durationMs = null;
    const { data } = await h.post("/api/v1/flux/kontext/generate", {
      prompt: "p",
      outputFormat: "png",
      callBackUrl: HOOK,
    });
    const record = async () => (await h.get(`/api/v1/flux/kontext/record-info?taskId=${data.taskId}`)).data;
    expect((await record()).successFlag).toBe(0);
    await h.sim.complete(data.taskId);
    const { response } = await record();
    expect(response.resultImageUrl).toMatch(/^https:\/\/tempfile\.aiquickdraw\.com\/flux-kontext\/.*\.png$/);
    expect(h.sent[0]?.body).toEqual({
      code: 200,
      msg: "BFL image generated successfully.",
      data: { taskId: data.taskId, info: response },
    });
    expect(h.sim.state.tasks[data.taskId]?.model).toBe("flux-kontext-pro");
  });

  it("Midjourney: resultInfoJson.resultUrls as {resultUrl}; callback resultUrls as strings; upscale checks imageIndex", async () => {
    const h = harness();
    const { data } = await h.post("/api/v1/mj/generate", { taskType: "mj_txt2img", prompt: "p", callBackUrl: HOOK });
    await h.sim.settle();
    const { data: record } = await h.get(`/api/v1/mj/record-info?taskId=${data.taskId}`);
    expect(record).toMatchObject({ successFlag: 1, taskType: "mj_txt2img" });
    expect(record.resultInfoJson.resultUrls).toHaveLength(4);
    expect(h.sent[0]?.body.data).toEqual({
      taskId: data.taskId,
      promptJson: record.paramJson,
      resultUrls: record.resultInfoJson.resultUrls.map((r: { resultUrl: string }) => r.resultUrl),
    });
    const up = await h.post("/api/v1/mj/generateUpscale", { taskId: data.taskId, imageIndex: 2 });
    expect(h.sim.state.tasks[up.data.taskId]).toMatchObject({ parentTaskId: data.taskId });
    expect((await h.post("/api/v1/mj/generateVary", { taskId: data.taskId, imageIndex: 4 })).code).toBe(422);
    expect(
      (
        await h.post("/api/v1/mj/generateVideoExtend", {
          taskId: data.taskId,
          taskType: "mj_video_extend_auto",
          index: 0,
        })
      ).code,
    ).toBe(422);
  });
});
