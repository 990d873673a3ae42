// The simulator's account-wide rules across families: one create limit (20 per 10 s) for every generation, the
// key check on every path, and credits — priced per family and model, 402 when short, charged once on success.
import { describe, expect, it } from "vitest";
import { peakPerWindow } from "../../simulator/app";
import { harness } from "../../simulator/harness";

/** Generations of five families, and the code each answers when accepted (Omni's audio says 0). */
const CREATES: [string, unknown, number][] = [
  ["/api/v1/veo/generate", { prompt: "v" }, 200],
  [
    "/api/v1/generate",
    { prompt: "s", customMode: false, instrumental: true, model: "V5", callBackUrl: "https://g.test/" },
    200,
  ],
  ["/api/v1/gpt4o-image/generate", { size: "1:1", prompt: "i" }, 200],
  ["/api/v1/omni/audio/create", { audio_id: "kore", name: "Kore" }, 0],
  ["/api/v1/jobs/createTask", { model: "google/imagen4-fast", input: {} }, 200],
];

describe("across families", () => {
  it("share one create limit: the 21st generation in 10 s is refused 429, whatever its family", async () => {
    const h = harness({ balance: 1000 });
    for (let i = 0; i < 20; i++) {
      const [path, body, code] = CREATES[i % CREATES.length] as [string, unknown, number];
      expect((await h.post(path, body)).code, path).toBe(code);
    }
    const refused = await Promise.all(CREATES.slice(0, 4).map(([path, body]) => h.post(path, body)));
    expect(refused.map((r) => [r.http, r.code])).toEqual([
      [429, 429],
      [200, 429],
      [429, 429],
      [200, 429],
    ]);
    // Polls and reads are not generations.
    expect((await h.get(`/api/v1/veo/record-info?taskId=${Object.keys(h.sim.state.tasks)[0]}`)).code).toBe(200);
    expect([h.sim.state.createLog.length, peakPerWindow(h.sim.state.createLog, 10_000)]).toEqual([24, 24]);
    h.tick(10_000);
    expect(
      (await h.post("/api/v1/runway/generate", { prompt: "r", duration: 5, quality: "720p", aspectRatio: "1:1" })).code,
    ).toBe(200);
  });

  it("check the key on every path: HTTP 200 with code 401", async () => {
    const h = harness();
    const res = await h.post("/api/v1/mj/generate", { taskType: "mj_txt2img", prompt: "p" }, "sk-wrong");
    expect([res.http, res.code]).toEqual([200, 401]);
    expect((await h.call("/api/v1/aleph/record-info?taskId=x", {}, "sk-wrong")).status).toBe(200);
    expect(h.sim.state.tasks).toEqual({});
  });

  it("price by <family>/<model>, then <family>/<operation>, then *; 402 when short; charge once, on success", async () => {
    const h = harness({ balance: 100 });
    h.sim.state.taskSettings.durationMs = null;
    Object.assign(h.sim.state.taskSettings.prices, {
      "veo/veo3": 60,
      "veo/generate": 30,
      "runway/generate": 12,
      "*": 2,
    });
    const quality = await h.post("/api/v1/veo/generate", { prompt: "q", model: "veo3" });
    const fast = await h.post("/api/v1/veo/generate", { prompt: "f" });
    const runway = await h.post("/api/v1/runway/generate", {
      prompt: "r",
      duration: 5,
      quality: "720p",
      aspectRatio: "1:1",
    });
    const flux = await h.post("/api/v1/flux/kontext/generate", { prompt: "x" });
    const credits = [quality, fast, runway, flux].map((r) => h.sim.state.tasks[r.data.taskId]?.credits);
    expect(credits).toEqual([60, 30, 12, 2]);
    h.sim.state.balance = 50;
    expect(await h.post("/api/v1/veo/generate", { prompt: "q", model: "veo3" })).toMatchObject({
      http: 200,
      code: 402,
    });
    await h.sim.complete(quality.data.taskId, "fail");
    await h.sim.complete(fast.data.taskId);
    await h.sim.complete(fast.data.taskId);
    expect(h.sim.state.balance).toBe(20);
  });
});
