// The simulator's Gemini Omni helpers: synchronous, no task — audio answers `code: 0` for success (not 200),
// character answers 200 — both checked as kie.ai documents, both counted as generations and charged.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

describe("Gemini Omni", () => {
  it("audio: {code: 0, msg: success, data: {kieAudioId, name}} for a preset voice; 422 for another", async () => {
    const h = harness({ balance: 10 });
    const audio = await h.post("/api/v1/omni/audio/create", { audio_id: "zephyr", name: "Narrator" });
    expect(audio).toEqual({
      http: 200,
      code: 0,
      msg: "success",
      data: { kieAudioId: expect.any(String), name: "Narrator" },
    });
    expect((await h.post("/api/v1/omni/audio/create", { audio_id: "hal9000", name: "x" })).code).toBe(422);
    expect([h.sim.state.balance, h.sim.state.tasks, h.sim.state.createAccepted.length]).toEqual([9, {}, 1]);
  });

  it("character: {code: 200, data: {characterId, characterName, imageUrl}} for exactly one image", async () => {
    const h = harness();
    const body = { descriptions: "a knight", image_urls: ["https://a.test/k.png"], character_name: "Ser K" };
    const made = await h.post("/api/v1/omni/character/create", body);
    expect(made).toMatchObject({
      code: 200,
      data: { characterId: expect.any(String), characterName: "Ser K", imageUrl: "https://a.test/k.png" },
    });
    expect((await h.post("/api/v1/omni/character/create", { ...body, image_urls: [] })).code).toBe(422);
    expect(h.sim.state.syncResults.map((r) => r.path)).toEqual(["/api/v1/omni/character/create"]);
  });
});
