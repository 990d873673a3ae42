// The simulator's Suno follow-ups that name a track: extend by its audioId alone, replace-section by the task and
// one of its tracks, inside a 6–60 s window.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/suno";
const MUSIC = { prompt: "a song", customMode: false, instrumental: false, model: "V5", callBackUrl: HOOK };

async function finishedSong() {
  const h = harness();
  h.sim.state.familySettings.sunoStages = ["complete"];
  const { data } = await h.post("/api/v1/generate", MUSIC);
  await h.sim.settle();
  return { h, taskId: data.taskId as string, audioIds: h.sim.state.tasks[data.taskId]?.mediaIds ?? [] };
}

describe("Suno follow-ups", () => {
  it("extends a track by its audioId alone, and replaces a section only of a track of that task", async () => {
    const { h, taskId, audioIds } = await finishedSong();
    const extend = { defaultParamFlag: false, prompt: "more", model: "V5", callBackUrl: HOOK };
    expect((await h.post("/api/v1/generate/extend", { ...extend, audioId: "nope" })).msg).toBe("record is null");
    const ok = await h.post("/api/v1/generate/extend", { ...extend, audioId: audioIds[1] });
    expect(h.sim.state.tasks[ok.data.taskId]).toMatchObject({ parentTaskId: taskId, record: "suno-music" });
    const section = { taskId, prompt: "p", tags: "t", title: "t", infillStartS: 10, infillEndS: 20 };
    expect((await h.post("/api/v1/generate/replace-section", { ...section, audioId: "other" })).code).toBe(422);
    expect((await h.post("/api/v1/generate/replace-section", { ...section, audioId: audioIds[0] })).code).toBe(200);
    expect(
      (await h.post("/api/v1/generate/replace-section", { ...section, audioId: audioIds[0], infillEndS: 12 })).code,
    ).toBe(422);
  });
});
