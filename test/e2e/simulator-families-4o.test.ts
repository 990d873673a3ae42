// The simulator's 4o Image: status and successFlag, progress, both spellings of its result list, its failure, and
// its own download-url.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/img";

describe("4o Image", () => {
  it("polls GENERATING with progress, then SUCCESS with response.resultUrls, or result_urls when steered", async () => {
    const h = harness();
    Object.assign(h.sim.state.taskSettings, { durationMs: 4000 });
    expect((await h.post("/api/v1/gpt4o-image/generate", { prompt: "a fox" })).msg).toBe("size is required");
    const { data } = await h.post("/api/v1/gpt4o-image/generate", {
      size: "1:1",
      prompt: "a fox",
      nVariants: 2,
      callBackUrl: HOOK,
    });
    const record = async () => (await h.get(`/api/v1/gpt4o-image/record-info?taskId=${data.taskId}`)).data;
    h.tick(1000);
    expect(await record()).toMatchObject({ status: "GENERATING", successFlag: 0, progress: "0.25", response: null });
    h.tick(3000);
    expect(await record()).toMatchObject({ status: "SUCCESS", successFlag: 1, progress: "1.00" });
    h.sim.state.familySettings.gpt4oResultField = "result_urls";
    const done = await record();
    expect(done.response).toEqual({
      result_urls: [expect.stringMatching(/0\.png$/), expect.stringMatching(/1\.png$/)],
    });
    expect(h.sent[0]?.body).toEqual({
      code: 200,
      msg: expect.any(String),
      data: { taskId: data.taskId, info: { result_urls: done.response.result_urls } },
    });
  });

  it("fails with status GENERATE_FAILED and successFlag 2; calls back info: null", async () => {
    const h = harness();
    const { data } = await h.post("/api/v1/gpt4o-image/generate", {
      size: "2:3",
      filesUrl: ["https://a.test/x.png"],
      callBackUrl: HOOK,
    });
    h.sim.state.familySettings.failure["gpt4o-image"] = { code: 451 };
    await h.sim.complete(data.taskId, "fail");
    const { data: record } = await h.get(`/api/v1/gpt4o-image/record-info?taskId=${data.taskId}`);
    expect(record).toMatchObject({ status: "GENERATE_FAILED", successFlag: 2, errorCode: 451 });
    expect(h.sent[0]?.body).toMatchObject({ code: 451, data: { taskId: data.taskId, info: null } });
  });

  it("issues a download link for a result of its own task only", async () => {
    const h = harness();
    const { data } = await h.post("/api/v1/gpt4o-image/generate", { size: "1:1", prompt: "p" });
    await h.sim.settle();
    const url = h.sim.state.tasks[data.taskId]?.resultUrls[0];
    const link = await h.post("/api/v1/gpt4o-image/download-url", { taskId: data.taskId, url });
    expect(link.data).toMatch(/^http:\/\/sim\.test\/files\/tempfile\.aiquickdraw\.com\/gpt4o-image\//);
    expect((await h.post("/api/v1/gpt4o-image/download-url", { taskId: "nope", url })).msg).toBe("record is null");
    expect(
      (await h.post("/api/v1/gpt4o-image/download-url", { taskId: data.taskId, url: "https://x.test/a.png" })).code,
    ).toBe(422);
  });
});
