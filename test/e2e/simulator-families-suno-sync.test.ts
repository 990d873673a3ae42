// The simulator's synchronous Suno calls: timestamped lyrics (a read), persona (409 on a second for the audio) and
// style (the only family answer that reports credits) — each checked against its parent track.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

async function song() {
  const h = harness({ balance: 50 });
  const music = { prompt: "s", customMode: false, instrumental: true, model: "V5", callBackUrl: "https://g.test/" };
  const { data } = await h.post("/api/v1/generate", music);
  await h.sim.settle();
  return { h, taskId: data.taskId as string, audioId: h.sim.state.tasks[data.taskId]?.mediaIds?.[0] as string };
}

describe("Suno synchronous calls", () => {
  it("timestamped lyrics: alignedWords, waveformData, hootCer, isStreamed; free and outside the create limit", async () => {
    const { h, taskId, audioId } = await song();
    const lyrics = await h.post("/api/v1/generate/get-timestamped-lyrics", { taskId, audioId });
    expect(lyrics.data).toMatchObject({
      alignedWords: expect.arrayContaining([
        expect.objectContaining({ word: expect.any(String), startS: expect.any(Number) }),
      ]),
      hootCer: expect.any(Number),
      isStreamed: false,
    });
    expect(lyrics.data.waveformData.length).toBeGreaterThan(0);
    expect([h.sim.state.balance, h.sim.state.createAccepted.length]).toEqual([49, 1]);
    expect((await h.post("/api/v1/generate/get-timestamped-lyrics", { taskId, audioId: "x" })).code).toBe(422);
  });

  it("persona: data.{personaId, name, description}, then 409 for the same audio", async () => {
    const { h, taskId, audioId } = await song();
    const body = { taskId, audioId, name: "Nova", description: "airy" };
    const first = await h.post("/api/v1/generate/generate-persona", body);
    expect(first).toMatchObject({
      code: 200,
      data: { personaId: expect.any(String), name: "Nova", description: "airy" },
    });
    expect((await h.post("/api/v1/generate/generate-persona", body)).code).toBe(409);
    expect(h.sim.state.syncResults).toHaveLength(1);
  });

  it("style: charged at once and reported as creditsConsumed and creditsRemaining", async () => {
    const { h } = await song();
    h.sim.state.taskSettings.prices["suno/style"] = 0.4;
    const { data } = await h.post("/api/v1/style/generate", { content: "dreamy pop" });
    expect(data).toMatchObject({ param: "dreamy pop", creditsConsumed: 0.4, creditsRemaining: 48.6, successFlag: "1" });
    expect(h.sim.state.balance).toBeCloseTo(48.6);
    expect((await h.post("/api/v1/style/generate", {})).code).toBe(422);
  });
});
