// The simulator's Suno tools on a finished track — WAV, vocal removal, MIDI — with their string or int successFlag,
// `callbackUrl` echoed in the record, and the repeat kie.ai refuses.
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

describe("Suno tools", () => {
  it("WAV: string successFlag, callbackUrl, musicIndex; 409 for a second WAV of the track", async () => {
    const { h, taskId, audioId, tool } = await song();
    const wav = await tool("/api/v1/wav/generate", "/api/v1/wav/record-info");
    expect(wav.running.data).toMatchObject({ successFlag: "PENDING", callbackUrl: HOOK, response: null });
    expect(wav.done.data).toMatchObject({ successFlag: "SUCCESS", musicId: audioId, musicIndex: 1 });
    expect(wav.callback).toEqual({
      code: 200,
      msg: "success",
      data: { task_id: wav.started.data.taskId, audioWavUrl: wav.done.data.response.audioWavUrl },
    });
    const again = await h.post("/api/v1/wav/generate", { taskId, audioId, callBackUrl: HOOK });
    expect(again).toMatchObject({ code: 409, msg: "WAV record already exists" });
  });

  it("vocal removal: stems in the record and the callback; MIDI takes only a vocal-removal task", async () => {
    const { h, taskId, tool } = await song();
    const split = await tool("/api/v1/vocal-removal/generate", "/api/v1/vocal-removal/record-info", {
      type: "split_stem",
    });
    expect(split.done.data.response).toMatchObject({
      vocalUrl: expect.stringMatching(/vocal\.mp3$/),
      drumsUrl: expect.any(String),
      instrumentalUrl: null,
    });
    expect(split.done.data.response.originData).toHaveLength(12);
    expect(split.callback?.data).toMatchObject({
      vocal_separation_info: { drums_url: expect.any(String), origin_url: expect.any(String) },
    });
    expect((await h.post("/api/v1/midi/generate", { taskId, callBackUrl: HOOK })).msg).toBe("record is null");
    const stem = split.done.data.response.originData[0].id;
    const midi = await tool("/api/v1/midi/generate", "/api/v1/midi/record-info", {
      taskId: split.started.data.taskId,
      audioId: stem,
    });
    expect(midi.running.data).toMatchObject({ successFlag: 0, midiData: null, callbackUrl: HOOK });
    expect(midi.done.data).toMatchObject({
      successFlag: 1,
      recordTaskId: split.started.data.taskId,
      midiData: { instruments: expect.any(Array) },
    });
  });
});
