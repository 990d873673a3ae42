// The simulator's Suno MP4, cover image (int successFlag 0 pending, 2 generating, 1 success; a second cover refused
// with the first's id) and lyrics (one `complete` callback).
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/suno";

async function song() {
  const h = harness();
  h.sim.state.taskSettings.durationMs = null;
  const music = { prompt: "s", customMode: false, instrumental: true, model: "V5", callBackUrl: HOOK };
  const { data } = await h.post("/api/v1/generate", music);
  await h.sim.complete(data.taskId);
  const audioId = h.sim.state.tasks[data.taskId]?.mediaIds?.[1] as string;
  /** Starts a tool on track 1, completes it, and reads its record. */
  const tool = async (path: string, record: string, extra: Record<string, unknown> = {}) => {
    const started = await h.post(path, { taskId: data.taskId, audioId, callBackUrl: HOOK, ...extra });
    const read = () => h.get(`${record}?taskId=${started.data.taskId}`);
    const running = await read();
    await h.sim.complete(started.data.taskId);
    return { started, running, done: await read(), callback: h.sent.at(-1)?.body };
  };
  return { h, taskId: data.taskId as string, audioId, tool };
}

describe("Suno MP4, cover and lyrics", () => {
  it("MP4: response.videoUrl; cover: int successFlag 0 pending, 2 generating, 1 success, images[]", async () => {
    const { h, taskId, tool } = await song();
    const mp4 = await tool("/api/v1/mp4/generate", "/api/v1/mp4/record-info");
    expect(mp4.done.data).toMatchObject({
      successFlag: "SUCCESS",
      response: { videoUrl: expect.stringMatching(/\.mp4$/) },
    });
    expect(mp4.callback?.data).toMatchObject({ video_url: mp4.done.data.response.videoUrl });
    h.sim.state.taskSettings.waitingMs = 1000;
    const cover = await h.post("/api/v1/suno/cover/generate", { taskId, callBackUrl: HOOK });
    const flag = async () => (await h.get(`/api/v1/suno/cover/record-info?taskId=${cover.data.taskId}`)).data;
    expect((await flag()).successFlag).toBe(0);
    h.tick(1000);
    expect(await flag()).toMatchObject({ successFlag: 2, parentTaskId: taskId, callbackUrl: HOOK });
    await h.sim.complete(cover.data.taskId);
    expect((await flag()).response.images).toHaveLength(2);
    expect(h.sent.at(-1)?.body.data).toEqual({ taskId: cover.data.taskId, images: (await flag()).response.images });
    expect(await h.post("/api/v1/suno/cover/generate", { taskId, callBackUrl: HOOK })).toMatchObject({
      code: 400,
      data: { taskId: cover.data.taskId },
    });
  });

  it("lyrics: one complete callback, response.data[] of text; callBackUrl required", async () => {
    const h = harness();
    expect((await h.post("/api/v1/lyrics", { prompt: "rain" })).code).toBe(422);
    const { data } = await h.post("/api/v1/lyrics", { prompt: "rain", callBackUrl: HOOK });
    await h.sim.settle();
    const record = await h.get(`/api/v1/lyrics/record-info?taskId=${data.taskId}`);
    expect(record.data).toMatchObject({
      status: "SUCCESS",
      type: "LYRICS",
      response: { data: [expect.objectContaining({ status: "complete" }), expect.anything()] },
    });
    expect(h.sent.map((s) => s.body.data.callbackType)).toEqual(["complete"]);
  });
});
