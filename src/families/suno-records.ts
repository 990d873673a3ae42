import { all, at, failCode, failMsg } from "./relay";
import type { FamilyDocs, KieRecord, RecordKind } from "./types";

// Suno's record kinds: each kind of Suno work is polled at its own path and called back in its own shape. Music
// records are camelCase, their callbacks snake_case.

const FAILED = ["CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "CALLBACK_EXCEPTION", "SENSITIVE_WORD_ERROR"];
// kie.ai allows 3 record queries a second per task on the Suno paths.
const perTask = { rate: 3, windowMs: 1_100 };

function track(item: unknown) {
  const t = (key: string) => at(item as KieRecord, key);
  return {
    id: t("id"),
    audio_url: t("audioUrl"),
    stream_audio_url: t("streamAudioUrl"),
    image_url: t("imageUrl"),
    prompt: t("prompt"),
    model_name: t("modelName"),
    title: t("title"),
    tags: t("tags"),
    createTime: t("createTime"),
    duration: t("duration"),
  };
}

function error(r: KieRecord, extra: Record<string, unknown> = {}) {
  return {
    code: failCode(r, "errorCode"),
    msg: failMsg(r, "errorMessage"),
    data: { task_id: at(r, "taskId"), ...extra },
  };
}

export const music = {
  id: "suno-music",
  family: "suno",
  path: "/api/v1/generate/record-info",
  state: {
    field: "status",
    running: ["PENDING"],
    success: ["SUCCESS"],
    fail: FAILED,
    stages: { TEXT_SUCCESS: "text", FIRST_SUCCESS: "first" },
  },
  results: ["response.sunoData[].audioUrl"],
  items: "response.sunoData[].id",
  perTask,
  stages: ["text", "first"],
  callbackStage: "data.callbackType",
  relay: (r, stage) =>
    stage === "fail"
      ? error(r, { callbackType: "error", data: null })
      : {
          code: 200,
          msg: stage === "success" ? "All generated successfully." : `${stage} generation succeeded.`,
          data: {
            callbackType: stage === "success" ? "complete" : stage,
            task_id: at(r, "taskId"),
            data: all(r, "response.sunoData[]").map(track),
          },
        },
} as const satisfies RecordKind;

export const lyrics = {
  id: "suno-lyrics",
  family: "suno",
  path: "/api/v1/lyrics/record-info",
  state: {
    field: "status",
    running: ["PENDING"],
    success: ["SUCCESS"],
    fail: ["CREATE_TASK_FAILED", "GENERATE_LYRICS_FAILED", "CALLBACK_EXCEPTION", "SENSITIVE_WORD_ERROR"],
  },
  results: [],
  relay: (r, stage) =>
    stage === "fail"
      ? error(r, { callbackType: "complete", data: null })
      : {
          code: 200,
          msg: "All generated successfully.",
          data: {
            callbackType: "complete",
            task_id: at(r, "taskId"),
            data: all(r, "response.data[]").map((item) => ({
              text: at(item as KieRecord, "text"),
              title: at(item as KieRecord, "title"),
              status: at(item as KieRecord, "status"),
              error_message: at(item as KieRecord, "errorMessage"),
            })),
          },
        },
} as const satisfies RecordKind;

export const wav = {
  id: "suno-wav",
  family: "suno",
  path: "/api/v1/wav/record-info",
  state: {
    field: "successFlag",
    running: ["PENDING"],
    success: ["SUCCESS"],
    fail: ["CREATE_TASK_FAILED", "GENERATE_WAV_FAILED", "CALLBACK_EXCEPTION"],
  },
  results: ["response.audioWavUrl"],
  relay: (r, stage) =>
    stage === "fail"
      ? error(r, { audioWavUrl: null })
      : { code: 200, msg: "success", data: { task_id: at(r, "taskId"), audioWavUrl: at(r, "response.audioWavUrl") } },
} as const satisfies RecordKind;

const STEMS = [
  "origin",
  "instrumental",
  "vocal",
  "backingVocals",
  "drums",
  "bass",
  "guitar",
  "piano",
  "keyboard",
  "percussion",
  "strings",
  "synth",
  "fx",
  "brass",
  "woodwinds",
];

export const vocalRemoval = {
  id: "suno-vocal-removal",
  family: "suno",
  path: "/api/v1/vocal-removal/record-info",
  state: {
    field: "successFlag",
    running: ["PENDING"],
    success: ["SUCCESS"],
    fail: ["CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "CALLBACK_EXCEPTION"],
  },
  results: STEMS.map((stem) => `response.${stem}Url`),
  relay: (r, stage) =>
    stage === "fail"
      ? error(r)
      : {
          code: 200,
          msg: "vocal separation succeeded",
          data: {
            task_id: at(r, "taskId"),
            vocal_separation_info: Object.fromEntries(
              STEMS.map((stem) => [
                `${stem.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_url`,
                at(r, `response.${stem}Url`),
              ]),
            ),
          },
        },
} as const satisfies RecordKind;

export const midi = {
  id: "suno-midi",
  family: "suno",
  path: "/api/v1/midi/record-info",
  state: { field: "successFlag", running: [0], success: [1], fail: [2, 3] },
  results: [],
  // kie.ai's MIDI callback spreads the record's midiData into `data` (and names the task at the top as well).
  relay: (r, stage) =>
    stage === "fail"
      ? error(r)
      : {
          task_id: at(r, "taskId"),
          code: 200,
          msg: "success",
          data: {
            task_id: at(r, "taskId"),
            state: at(r, "midiData.state"),
            instruments: at(r, "midiData.instruments"),
          },
        },
} as const satisfies RecordKind;

export const mp4 = {
  id: "suno-mp4",
  family: "suno",
  path: "/api/v1/mp4/record-info",
  state: {
    field: "successFlag",
    running: ["PENDING"],
    success: ["SUCCESS"],
    fail: ["CREATE_TASK_FAILED", "GENERATE_MP4_FAILED", "CALLBACK_EXCEPTION"],
  },
  results: ["response.videoUrl"],
  relay: (r, stage) =>
    stage === "fail"
      ? error(r)
      : { code: 200, msg: "success", data: { task_id: at(r, "taskId"), video_url: at(r, "response.videoUrl") } },
} as const satisfies RecordKind;

export const cover = {
  id: "suno-cover",
  family: "suno",
  path: "/api/v1/suno/cover/record-info",
  state: { field: "successFlag", running: [0, 2], success: [1], fail: [3] },
  results: ["response.images[]"],
  relay: (r, stage) =>
    stage === "fail"
      ? {
          code: failCode(r, "errorCode"),
          msg: failMsg(r, "errorMessage"),
          data: { taskId: at(r, "taskId"), images: null },
        }
      : { code: 200, msg: "success", data: { taskId: at(r, "taskId"), images: at(r, "response.images") } },
} as const satisfies RecordKind;

/** What the reference says of each of them (the Worker never reads it). */
export const sunoRecordDocs: FamilyDocs = {
  "suno-music": {
    summary: "A Suno music task's record (generate, extend, covers, mashups, sounds…): status, response.sunoData",
  },
  "suno-lyrics": { summary: "A lyrics task's record: status, response.data" },
  "suno-wav": { summary: "A WAV conversion's record: successFlag (a word), response.audioWavUrl" },
  "suno-vocal-removal": { summary: "A stem separation's record: successFlag (a word), one URL per stem in response" },
  "suno-midi": { summary: "A MIDI transcription's record: successFlag (0–3), midiData" },
  "suno-mp4": { summary: "A music video's record: successFlag (a word), response.videoUrl" },
  "suno-cover": {
    summary: "A cover image's record: successFlag (0 pending, 1 success, 2 generating, 3 failed), response.images",
  },
};
