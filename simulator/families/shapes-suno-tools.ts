// Suno's tools on a finished track: WAV, vocal removal (stems), MIDI, MP4 and cover image. Their records echo the
// callback as `callbackUrl` (lower-case b) and disagree on `successFlag`: a string for WAV, vocal removal and MP4,
// an int for MIDI (0 pending, 1 success, 2–3 failed) and cover (0 pending, 1 success, 2 generating, 3 failed).
import type { CallbackBody, RecordKind, View } from "./types";
import { failureOf, fileUrl, musicIndex, parentOf, text, time } from "./util";

/** The fields every tool record shares, around its own `response` and `successFlag`. */
function toolRecord(view: View, response: unknown, successFlag: unknown): Record<string, unknown> {
  const { task } = view;
  const failure = failureOf(view);
  return {
    taskId: task.taskId,
    musicId: text(task.body, "audioId"),
    callbackUrl: task.callBackUrl ?? "",
    musicIndex: musicIndex(view),
    completeTime: time(task.completedAt, "ms"),
    response: view.phase === "success" ? response : null,
    successFlag,
    createTime: time(task.createdAt, "ms"),
    errorCode: failure?.code ?? null,
    errorMessage: failure?.msg ?? null,
  };
}

/** A string successFlag: PENDING, SUCCESS, or the failure's. */
function flag(view: View): string {
  return view.phase === "success" ? "SUCCESS" : String(failureOf(view)?.state ?? "PENDING");
}

/** A tool callback: `data` on success, `failed` (its result fields empty) on failure. */
function toolCallback(view: View, data: Record<string, unknown>, failed: Record<string, unknown>): CallbackBody {
  const failure = failureOf(view);
  const body = { task_id: view.task.taskId, ...(failure ? failed : data) };
  return { code: failure?.code ?? 200, msg: failure?.msg ?? "success", data: body };
}

export const sunoWavRecord: RecordKind = {
  family: "suno",
  path: "/api/v1/wav/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 500, msg: "WAV conversion failed", state: "GENERATE_WAV_FAILED" },
  files: (task) => [`${text(task.body, "audioId")}.wav`],
  record: (view) => toolRecord(view, { audioWavUrl: view.task.resultUrls[0] }, flag(view)),
  callback: (view) => toolCallback(view, { audioWavUrl: view.task.resultUrls[0] }, { audioWavUrl: null }),
};

/** Stems by the record's key; `split_stem` makes all but the instrumental, `separate_vocal` two. */
const STEMS = [
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
] as const;
const stemsOf = (body: Record<string, unknown>) =>
  body.type === "split_stem" ? STEMS.filter((s) => s !== "instrumental" && s !== "piano") : ["instrumental", "vocal"];
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function stems(view: View) {
  const { task } = view;
  const made = stemsOf(task.body);
  const parent = parentOf(view);
  const originUrl = parent ? fileUrl(parent, `${text(task.body, "audioId")}.mp3`) : "";
  const urls = Object.fromEntries(STEMS.map((s) => [s, made.includes(s) ? fileUrl(task, `${s}.mp3`) : null]));
  const originData = made.map((s, i) => ({
    duration: 198.44,
    audio_url: fileUrl(task, `${s}.mp3`),
    stem_type_group_name: s,
    id: task.mediaIds?.[i] ?? "",
  }));
  return { originUrl, urls, originData };
}

export const sunoVocalRemovalRecord: RecordKind = {
  family: "suno",
  path: "/api/v1/vocal-removal/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 500, msg: "Vocal separation failed", state: "GENERATE_AUDIO_FAILED" },
  media: (body) => stemsOf(body).length,
  files: (task) => stemsOf(task.body).map((s) => `${s}.mp3`),
  record(view) {
    const { originUrl, urls, originData } = stems(view);
    const byKey = Object.fromEntries(Object.entries(urls).map(([s, url]) => [`${s}Url`, url]));
    return toolRecord(view, { originUrl, originData, ...byKey }, flag(view));
  },
  callback(view) {
    const { originUrl, urls } = stems(view);
    // The callback has no piano stem (the record has).
    const named = Object.entries(urls).filter(([s]) => s !== "piano");
    const info = { origin_url: originUrl, ...Object.fromEntries(named.map(([s, url]) => [`${snake(s)}_url`, url])) };
    return toolCallback(view, { vocal_separation_info: info }, { vocal_separation_info: null });
  },
};

const midiData = () => ({
  state: "complete",
  instruments: [{ name: "Electric Bass (finger)", notes: [{ pitch: 40, start: 0.5, end: 0.75, velocity: 0.8 }] }],
});

export const sunoMidiRecord: RecordKind = {
  family: "suno",
  path: "/api/v1/midi/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 500, msg: "MIDI generation failed", state: 3 },
  files: () => [],
  record(view) {
    const { task, phase } = view;
    const failure = failureOf(view);
    return {
      taskId: task.taskId,
      recordTaskId: task.parentTaskId ?? "",
      audioId: text(task.body, "audioId"),
      callbackUrl: task.callBackUrl ?? "",
      completeTime: time(task.completedAt, "ms"),
      midiData: phase === "success" ? midiData() : null,
      successFlag: phase === "success" ? 1 : (failure?.state ?? 0),
      createTime: time(task.createdAt, "ms"),
      errorCode: failure?.code ?? null,
      errorMessage: failure?.msg ?? null,
    };
  },
  callback: (view) => toolCallback(view, midiData(), { state: "failed", instruments: [] }),
};

export const sunoMp4Record: RecordKind = {
  family: "suno",
  path: "/api/v1/mp4/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 500, msg: "MP4 generation failed", state: "GENERATE_MP4_FAILED" },
  files: (task) => [`${text(task.body, "audioId")}.mp4`],
  record: (view) => toolRecord(view, { videoUrl: view.task.resultUrls[0] }, flag(view)),
  callback: (view) => toolCallback(view, { video_url: view.task.resultUrls[0] }, { video_url: null }),
};

const coverFlag = (view: View) =>
  view.phase === "success"
    ? 1
    : view.phase === "fail"
      ? (failureOf(view)?.state ?? 3)
      : view.phase === "waiting"
        ? 0
        : 2;

export const sunoCoverRecord: RecordKind = {
  family: "suno",
  path: "/api/v1/suno/cover/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 500, msg: "Cover generation failed", state: 3 },
  files: () => ["cover-0.png", "cover-1.png"],
  record(view) {
    const { task } = view;
    const { musicId: _, musicIndex: __, ...rest } = toolRecord(view, { images: task.resultUrls }, coverFlag(view));
    return { taskId: task.taskId, parentTaskId: task.parentTaskId ?? "", ...rest };
  },
  // The cover callback alone says `taskId` in camelCase.
  callback(view) {
    const failure = failureOf(view);
    const data = { taskId: view.task.taskId, images: failure ? null : view.task.resultUrls };
    return { code: failure?.code ?? 200, msg: failure?.msg ?? "success", data };
  },
};
