// A published kie.ai client, unchanged — `@felores/kie-ai-mcp-server`, pointed at kie-edge with only its base URL and
// a kie-edge token — runs create → poll → result for the Market, Veo (and its 1080P), Suno, Flux Kontext and
// Midjourney, and a base64 upload, against wrangler dev and the simulator, with no error.
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import { type KieClient, kieClient } from "./support/kie-client";
import { useReceiver } from "./support/receiver";
import { type Stack, useStack } from "./support/stack";

const hook = useReceiver();
const stack: Stack = useStack(() => ({ CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY, KIE_UPLOAD_BASE_URL: stack.sim.url }));
let client: KieClient;
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

beforeAll(async () => {
  client = await kieClient(stack.dev.url, TEST_TOKENS.alice, `${hook.url}/kie-results`);
  stack.sim.state.familySettings.veo1080pProcessingCalls = 0;
});

/** Creates with `tool`, lets the simulator finish, and answers the client's own status of the task. */
async function generated(tool: string, args: Record<string, unknown>) {
  const created = await client.tool(tool, args);
  const taskId = String(created.task_id);
  await stack.sim.settle();
  return { taskId, status: await client.tool("get_task_status", { task_id: taskId }) };
}
const raw = (status: Record<string, unknown>) => (status.api_response as { data: Record<string, unknown> }).data;

describe("a published kie.ai client against kie-edge", () => {
  it("runs a Market task (z-image, a model id without a slash) to its result", async () => {
    const { status } = await generated("z_image", { prompt: "a red cube", aspect_ratio: "1:1" });
    expect(status).toMatchObject({ status: "success", result_urls: [expect.stringMatching(/^https:\/\//)] });
  });

  it("runs a Veo video, then its 1080P version", async () => {
    const { taskId, status } = await generated("veo3_generate_video", { prompt: "a fox", model: "veo3_fast" });
    expect(raw(status)).toMatchObject({ successFlag: 1, response: { resultUrls: [expect.any(String)] } });
    const hd = await client.tool("veo3_get_1080p_video", { task_id: taskId, index: 0 });
    expect(hd).toMatchObject({ response: { code: 200, data: { resultUrl: expect.stringMatching(/^https:/) } } });
  });

  it("runs Suno music to SUCCESS with its tracks", async () => {
    const { status } = await generated("suno_generate_music", {
      prompt: "lofi",
      customMode: false,
      instrumental: true,
    });
    expect(status).toMatchObject({ status: "SUCCESS" });
    expect(raw(status)).toMatchObject({
      response: { sunoData: [{ audioUrl: expect.any(String) }, expect.anything()] },
    });
  });

  it("runs Flux Kontext and Midjourney images to their results", async () => {
    const flux = await generated("flux_kontext_image", { prompt: "a blue sphere" });
    expect(flux.status).toMatchObject({ status: "completed" });
    const mj = await generated("midjourney_generate", { prompt: "a castle", taskType: "mj_txt2img", speed: "fast" });
    expect(raw(mj.status)).toMatchObject({ successFlag: 1, resultInfoJson: { resultUrls: expect.any(Array) } });
  });

  it("uploads a base64 file through kie-edge", async () => {
    const uploaded = await client.tool("upload_file", {
      file_base64: PNG,
      content_type: "image/png",
      file_name: "a.png",
    });
    expect(uploaded.download_url).toMatch(/^https:\/\/tempfile\.redpandaai\.co\//);
    expect(stack.sim.state.uploads.at(-1)).toMatchObject({ kind: "base64", size: 68 });
  });
});
