// The simulator's Runway (record-detail with a lower-case state, snake_case callback, extend by taskId) and Aleph,
// whose successFlag 0 means "running" and "failed" alike — only errorCode tells them apart.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/video";
const RUNWAY = { prompt: "waves", duration: 5, quality: "720p", aspectRatio: "16:9", callBackUrl: HOOK };

describe("Runway and Aleph", () => {
  it("Runway: state wait → queueing → generating → success, videoInfo, and a snake_case callback", async () => {
    const h = harness();
    Object.assign(h.sim.state.taskSettings, { waitingMs: 1000, durationMs: 3000 });
    expect((await h.post("/api/v1/runway/generate", { ...RUNWAY, duration: 10, quality: "1080p" })).code).toBe(422);
    const { data } = await h.post("/api/v1/runway/generate", RUNWAY);
    const state = async () => (await h.get(`/api/v1/runway/record-detail?taskId=${data.taskId}`)).data;
    const seen = [(await state()).state];
    for (const ms of [500, 500, 2000]) {
      h.tick(ms);
      seen.push((await state()).state);
    }
    expect(seen).toEqual(["wait", "queueing", "generating", "success"]);
    const { videoInfo, expireFlag, failCode } = await state();
    expect([expireFlag, failCode, videoInfo.videoUrl]).toEqual([0, null, expect.stringMatching(/\.mp4$/)]);
    expect(h.sent[0]?.body).toEqual({
      code: 200,
      msg: "All generated successfully.",
      data: {
        task_id: data.taskId,
        video_id: videoInfo.videoId,
        video_url: videoInfo.videoUrl,
        image_url: videoInfo.imageUrl,
      },
    });
  });

  it("Runway extend names a finished Runway task, recorded as parentTaskId", async () => {
    const h = harness();
    const { data } = await h.post("/api/v1/runway/generate", RUNWAY);
    await h.sim.settle();
    expect((await h.post("/api/v1/runway/extend", { taskId: "x", prompt: "p", quality: "720p" })).code).toBe(422);
    const ext = await h.post("/api/v1/runway/extend", { taskId: data.taskId, prompt: "p", quality: "720p" });
    expect((await h.get(`/api/v1/runway/record-detail?taskId=${ext.data.taskId}`)).data.parentTaskId).toBe(data.taskId);
  });

  it("Aleph: successFlag 0 both while running and after failing; errorCode tells which", async () => {
    const h = harness();
    h.sim.state.taskSettings.durationMs = null;
    const { data } = await h.post("/api/v1/aleph/generate", {
      prompt: "p",
      videoUrl: "https://a.test/v.mp4",
      callBackUrl: HOOK,
    });
    const record = async () => (await h.get(`/api/v1/aleph/record-info?taskId=${data.taskId}`)).data;
    expect(await record()).toMatchObject({ successFlag: 0, errorCode: null, response: null });
    await h.sim.complete(data.taskId, "fail");
    expect(await record()).toMatchObject({ successFlag: 0, errorCode: 500, errorMessage: expect.any(String) });
    expect(h.sent[0]?.body).toMatchObject({ code: 500, data: { task_id: data.taskId, video_url: "" } });
  });

  it("Aleph: successFlag 1 with response.{taskId, resultVideoUrl, resultImageUrl}", async () => {
    const h = harness();
    const { data } = await h.post("/api/v1/aleph/generate", { prompt: "p", videoUrl: "https://a.test/v.mp4" });
    const { data: record } = await h.get(`/api/v1/aleph/record-info?taskId=${data.taskId}`);
    expect(record).toMatchObject({
      successFlag: 1,
      response: {
        taskId: data.taskId,
        resultVideoUrl: expect.stringMatching(/\.mp4$/),
        resultImageUrl: expect.stringMatching(/\.jpg$/),
      },
    });
  });
});
