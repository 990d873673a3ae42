// The simulator's Suno music record and callback shapes, its required callBackUrl, and the per-task poll limit.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/suno";
const MUSIC = { prompt: "a song", customMode: false, instrumental: false, model: "V5", callBackUrl: HOOK };

async function finishedSong() {
  const h = harness();
  h.sim.state.familySettings.sunoStages = ["complete"];
  const { data } = await h.post("/api/v1/generate", MUSIC);
  await h.sim.settle();
  const record = await h.get(`/api/v1/generate/record-info?taskId=${data.taskId}`);
  return { h, taskId: data.taskId as string, record, audioIds: h.sim.state.tasks[data.taskId]?.mediaIds ?? [] };
}

describe("Suno music", () => {
  it("records two camelCase tracks in sunoData, with param as a JSON string", async () => {
    const { taskId, record, audioIds } = await finishedSong();
    expect(record.data).toMatchObject({ taskId, status: "SUCCESS", operationType: "generate", errorCode: null });
    expect(JSON.parse(record.data.param)).toEqual(MUSIC);
    expect(record.data.response.sunoData).toEqual(
      audioIds.map((id) =>
        expect.objectContaining({
          id,
          audioUrl: expect.stringMatching(new RegExp(`${id}\\.mp3$`)),
          imageUrl: expect.any(String),
          streamAudioUrl: expect.any(String),
          modelName: expect.any(String),
          duration: expect.any(Number),
        }),
      ),
    );
    expect(audioIds).toHaveLength(2);
  });

  it("calls back snake_case: data.callbackType, data.task_id, data.data[].audio_url", async () => {
    const { h, taskId, record } = await finishedSong();
    const [track] = record.data.response.sunoData;
    expect(h.sent[0]?.body).toMatchObject({
      code: 200,
      data: {
        callbackType: "complete",
        task_id: taskId,
        data: expect.arrayContaining([
          expect.objectContaining({ id: track.id, audio_url: track.audioUrl, image_url: track.imageUrl }),
        ]),
      },
    });
  });

  it("refuses a create without callBackUrl or with an unknown model (422)", async () => {
    const h = harness();
    expect(await h.post("/api/v1/generate", { ...MUSIC, callBackUrl: undefined })).toMatchObject({
      code: 422,
      msg: "callBackUrl is required",
    });
    expect((await h.post("/api/v1/generate", { ...MUSIC, model: "V9" })).code).toBe(422);
    expect(h.sim.state.tasks).toEqual({});
  });

  it("allows 3 record queries per second per task, then 429", async () => {
    const { h, taskId } = await finishedSong();
    const poll = () => h.call(`/api/v1/generate/record-info?taskId=${taskId}`);
    expect([(await poll()).status, (await poll()).status]).toEqual([200, 200]);
    const refused = await poll();
    expect([refused.status, ((await refused.json()) as { code: number }).code]).toEqual([429, 429]);
    h.tick(1000);
    expect((await poll()).status).toBe(200);
  });
});
