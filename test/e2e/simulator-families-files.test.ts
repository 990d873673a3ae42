// The simulator's results as files on kie.ai's hosts: download-url serves them, and forgetFiles makes them gone as
// the 14-day retention does — download-url answers 422, earlier links 404, follow-ups 422, Runway's expireFlag 1.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

async function results() {
  const h = harness();
  const veo = (await h.post("/api/v1/veo/generate", { prompt: "v" })).data.taskId as string;
  const runway = (
    await h.post("/api/v1/runway/generate", { prompt: "r", duration: 5, quality: "720p", aspectRatio: "1:1" })
  ).data.taskId as string;
  const music = { prompt: "s", customMode: false, instrumental: true, model: "V5", callBackUrl: "https://g.test/" };
  const suno = (await h.post("/api/v1/generate", music)).data.taskId as string;
  await h.sim.settle();
  const link = (url: string | undefined) => h.post("/api/v1/common/download-url", { url });
  return { h, veo, runway, suno, link, urls: (id: string) => h.sim.state.tasks[id]?.resultUrls ?? [] };
}

describe("result files", () => {
  it("sit on kie.ai's file host with their media's extension, two tracks with images for Suno", async () => {
    const { veo, runway, suno, urls } = await results();
    expect(urls(veo)).toEqual([expect.stringMatching(/^https:\/\/tempfile\.aiquickdraw\.com\/veo\/.*\.mp4$/)]);
    expect(urls(runway).map((u) => u.split(".").pop())).toEqual(["mp4", "jpg"]);
    expect(urls(suno).map((u) => u.split(".").pop())).toEqual(["mp3", "jpeg", "mp3", "jpeg"]);
  });

  it("are served through download-url links, with their media type", async () => {
    const { h, veo, link, urls } = await results();
    const issued = await link(urls(veo)[0]);
    const file = await h.sim.app.fetch(new Request(issued.data));
    expect([file.status, file.headers.get("Content-Type")]).toEqual([200, "video/mp4"]);
  });

  it("forgetFiles(taskId): download-url 422 for that task's files only, earlier links 404, follow-ups 422", async () => {
    const { h, veo, runway, link, urls } = await results();
    const before = await link(urls(veo)[0]);
    h.sim.forgetFiles(veo);
    expect(await link(urls(veo)[0])).toMatchObject({ code: 422, msg: "Temporarily supports records within 14 days" });
    expect((await h.sim.app.fetch(new Request(before.data))).status).toBe(404);
    expect((await link(urls(runway)[0])).code).toBe(200);
    expect((await h.get(`/api/v1/veo/get-1080p-video?taskId=${veo}`)).msg).toBe(
      "Temporarily supports records within 14 days",
    );
    expect((await h.get(`/api/v1/runway/record-detail?taskId=${runway}`)).data.expireFlag).toBe(0);
  });

  it("forgetFiles(): every task's files so far, and Runway's record says expireFlag 1", async () => {
    const { h, runway, suno, link, urls } = await results();
    h.sim.forgetFiles();
    expect((await link(urls(suno)[2])).code).toBe(422);
    expect((await h.get(`/api/v1/runway/record-detail?taskId=${runway}`)).data.expireFlag).toBe(1);
    const later = (await h.post("/api/v1/veo/generate", { prompt: "new" })).data.taskId;
    await h.sim.settle();
    expect((await link(urls(later)[0])).code).toBe(200);
  });
});
