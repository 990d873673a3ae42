// The simulator's Veo 4K: a task that completes and calls back like a Veo task, repeats answered 422, and both
// readings of its id (a new one, or its parent's) that kie.ai's docs leave open.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/veo";

async function video(idReading: "new" | "same") {
  const h = harness();
  Object.assign(h.sim.state.familySettings, { veo4kTaskId: idReading });
  h.sim.state.taskSettings.durationMs = null;
  const { data } = await h.post("/api/v1/veo/generate", { prompt: "a cat" });
  await h.sim.complete(data.taskId);
  const ask = () => h.post("/api/v1/veo/get-4k-video", { taskId: data.taskId, index: 0, callBackUrl: HOOK });
  return { h, parent: data.taskId as string, ask };
}

describe("Veo 4K", () => {
  it("answers data.{taskId, resultUrls: [], imageUrls: []}, then 422 while running and once generated", async () => {
    const { h, parent, ask } = await video("new");
    const first = await ask();
    expect(first).toMatchObject({ code: 200, data: { resultUrls: [], imageUrls: [] } });
    expect(first.data.taskId).not.toBe(parent);
    expect(await ask()).toMatchObject({ code: 422, msg: expect.stringMatching(/^4k is processing/) });
    await h.sim.complete(first.data.taskId);
    const again = await ask();
    expect(again).toMatchObject({ code: 422, msg: "The video has been generated successfully" });
    expect(again.data.resultUrls).toEqual([expect.stringMatching(/\/4k-0\.mp4$/)]);
  });

  it("calls back with the 4K shape: info.{resultUrls, imageUrls}", async () => {
    const { h, ask } = await video("new");
    const { data } = await ask();
    await h.sim.complete(data.taskId);
    expect(h.sent[0]?.body).toEqual({
      code: 200,
      msg: "4K Video generated successfully.",
      data: { taskId: data.taskId, info: { resultUrls: [expect.any(String)], imageUrls: [expect.any(String)] } },
    });
    const record = await h.get(`/api/v1/veo/record-info?taskId=${data.taskId}`);
    expect(record.data.response).toMatchObject({ resolution: "4k", mediaIds: [expect.any(String)] });
  });

  it("keeps the parent's id when steered so: record-info then describes the 4K task", async () => {
    const { h, parent, ask } = await video("same");
    expect((await ask()).data.taskId).toBe(parent);
    const record = () => h.get(`/api/v1/veo/record-info?taskId=${parent}`);
    expect((await record()).data.successFlag).toBe(0);
    await h.sim.complete(parent);
    expect((await record()).data.response.resultUrls).toEqual([expect.stringMatching(/\/4k-0\.mp4$/)]);
    expect(h.sent[0]?.body.data.taskId).toBe(parent);
    expect(Object.values(h.sim.state.tasks).map((t) => t.taskId)).toEqual([parent, parent]);
  });

  it("fails with code 500 and the 4K message", async () => {
    const { h, ask } = await video("new");
    const { data } = await ask();
    await h.sim.complete(data.taskId, "fail");
    expect(h.sent[0]?.body).toMatchObject({
      code: 500,
      msg: expect.stringContaining("4K"),
      data: { taskId: data.taskId },
    });
  });
});
