// One working call of every operation kie-edge carries, as kie.ai documents its body, with the task it follows up
// on where it needs one. Plain data, so the workerd suites and the end-to-end suites share it; the contract test
// holds it to the declarations, so a family carried without a case here fails CI.

/** What a follow-up is made from: the parent task's id and its final record. */
export interface Parent {
  taskId: string;
  record: Record<string, unknown>;
}

/** One operation's working call. */
export interface OpCase {
  /** The JSON body (POST operations), given the parent when there is one. */
  body?: (parent: Parent) => Record<string, unknown>;
  /** The query (GET operations), given the parent. */
  query?: (parent: Parent) => Record<string, string>;
  /** The operation whose finished task this one follows up on, and that operation's body when not its own case's. */
  parent?: { op: string; body?: Record<string, unknown> };
}

const UPLOAD = "https://tempfile.redpandaai.co/kieai/uploads/track.mp3";
const track = (p: Parent) => String((p.record.response as { sunoData: { id: string }[] }).sunoData[0]?.id);
const onTrack = (p: Parent) => ({ taskId: p.taskId, audioId: track(p) });
const suno = { op: "suno/generate" };

/** Every operation by id. */
export const CASES: Record<string, OpCase> = {
  "jobs/createTask": { body: () => ({ model: "google/imagen4-fast", input: { prompt: "a red fox" } }) },
  "veo/generate": { body: () => ({ prompt: "a red fox running through snow", model: "veo3_fast" }) },
  "veo/extend": { parent: { op: "veo/generate" }, body: (p) => ({ taskId: p.taskId, prompt: "the fox jumps" }) },
  "veo/get-1080p-video": { parent: { op: "veo/generate" }, query: (p) => ({ taskId: p.taskId, index: "0" }) },
  "veo/get-4k-video": { parent: { op: "veo/generate" }, body: (p) => ({ taskId: p.taskId, index: 0 }) },
  "suno/generate": { body: () => ({ prompt: "calm piano", customMode: false, instrumental: true, model: "V5" }) },
  "suno/extend": {
    parent: suno,
    body: (p) => ({ defaultParamFlag: false, audioId: track(p), prompt: "go on", model: "V5" }),
  },
  "suno/upload-cover": {
    body: () => ({ uploadUrl: UPLOAD, prompt: "as jazz", customMode: false, instrumental: true, model: "V5" }),
  },
  "suno/upload-extend": {
    body: () => ({ uploadUrl: UPLOAD, defaultParamFlag: false, instrumental: true, continueAt: 30, model: "V5" }),
  },
  "suno/add-instrumental": {
    body: () => ({ uploadUrl: UPLOAD, title: "Fox", negativeTags: "metal", tags: "folk" }),
  },
  "suno/add-vocals": {
    body: () => ({ uploadUrl: UPLOAD, prompt: "a fox sings", title: "Fox", style: "folk", negativeTags: "metal" }),
  },
  "suno/mashup": { body: () => ({ uploadUrlList: [UPLOAD, UPLOAD], customMode: false, model: "V5" }) },
  "suno/replace-section": {
    parent: suno,
    body: (p) => ({ ...onTrack(p), prompt: "softer", tags: "piano", title: "Fox", infillStartS: 10, infillEndS: 20 }),
  },
  "suno/sounds": { body: () => ({ prompt: "rain on a tin roof" }) },
  "suno/lyrics": { body: () => ({ prompt: "a song about a fox" }) },
  "suno/wav": { parent: suno, body: onTrack },
  "suno/vocal-removal": { parent: suno, body: onTrack },
  "suno/midi": { parent: { op: "suno/vocal-removal" }, body: (p) => ({ taskId: p.taskId }) },
  "suno/mp4": { parent: suno, body: onTrack },
  "suno/cover": { parent: suno, body: (p) => ({ taskId: p.taskId }) },
  "suno/get-timestamped-lyrics": { parent: suno, body: onTrack },
  "suno/generate-persona": {
    parent: suno,
    body: (p) => ({ ...onTrack(p), name: "Fox voice", description: "warm and low" }),
  },
  "suno/style": { body: () => ({ content: "lofi hip hop with rain" }) },
  "gpt4o-image/generate": { body: () => ({ prompt: "a red fox", size: "1:1" }) },
  "gpt4o-image/download-url": {
    parent: { op: "gpt4o-image/generate" },
    body: (p) => ({ taskId: p.taskId, url: (p.record.response as { resultUrls: string[] }).resultUrls[0] }),
  },
  "flux-kontext/generate": { body: () => ({ prompt: "a red fox in the snow" }) },
  "runway/generate": { body: () => ({ prompt: "a fox", duration: 5, quality: "720p", aspectRatio: "16:9" }) },
  "runway/extend": {
    parent: { op: "runway/generate" },
    body: (p) => ({ taskId: p.taskId, prompt: "on", quality: "720p" }),
  },
  "aleph/generate": {
    body: () => ({ prompt: "make it winter", videoUrl: "https://tempfile.aiquickdraw.com/r/clip.mp4" }),
  },
  "mj/generate": { body: () => ({ taskType: "mj_txt2img", prompt: "a red fox" }) },
  "mj/upscale": { parent: { op: "mj/generate" }, body: (p) => ({ taskId: p.taskId, imageIndex: 0 }) },
  "mj/vary": { parent: { op: "mj/generate" }, body: (p) => ({ taskId: p.taskId, imageIndex: 1 }) },
  "mj/video-extend": {
    parent: { op: "mj/generate", body: { taskType: "mj_video", prompt: "a fox walks" } },
    body: (p) => ({ taskId: p.taskId, taskType: "mj_video_extend_manual", index: 0 }),
  },
  "omni/audio": { body: () => ({ audio_id: "achernar", name: "Narrator" }) },
  "omni/character": {
    body: () => ({ descriptions: "a fox in a red scarf", image_urls: ["https://tempfile.aiquickdraw.com/r/fox.png"] }),
  },
};

/** The case of `op`; throws for an operation nobody wrote one for (the contract test names them all). */
export function caseOf(op: string): OpCase {
  const found = CASES[op];
  if (!found) throw new Error(`no test case for operation ${op}: add one to test/families/cases.ts`);
  return found;
}
