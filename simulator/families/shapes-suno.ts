// Suno music and lyrics. A music task makes two tracks and reports them in stages: its record is camelCase
// (`sunoData[]`), its callbacks snake_case (`data[]`), one per stage — text (lyrics and streams), first (the first
// track whole), complete (both) — or one `error`.
import type { SimTask } from "../state";
import type { CallbackBody, CallbackStage, RecordKind, SunoStage, View } from "./types";
import { failureOf, fileUrl, text, time } from "./util";

/** Suno's documented operation names; the later endpoints' are guessed the same way. */
const operationType = (task: SimTask) => task.endpoint.replace(/^\/api\/v1\/generate\/?/, "").replace(/-/g, "_");

/** The stage a music task's record shows: the last one reached, or SUCCESS and failure once finished. */
function status(view: View): string {
  const failure = failureOf(view);
  if (failure) return String(failure.state);
  if (view.phase === "success") return "SUCCESS";
  const stage = view.task.stages?.at(-1);
  return stage === "text" ? "TEXT_SUCCESS" : stage === "first" ? "FIRST_SUCCESS" : "PENDING";
}

/** The tracks as known at `stage`: streams from `text`, the first track whole from `first`, both at `complete`. */
function tracks(task: SimTask, stage: SunoStage | "complete" | undefined) {
  if (!stage) return [];
  return (task.mediaIds ?? []).map((id, i) => {
    const whole = stage === "complete" || (stage === "first" && i === 0);
    return {
      id,
      audioUrl: whole ? fileUrl(task, `${id}.mp3`) : "",
      streamAudioUrl: fileUrl(task, `${id}-stream.mp3`),
      imageUrl: fileUrl(task, `${id}.jpeg`),
      prompt: text(task.body, "prompt"),
      modelName: `chirp-${(task.model || "v5").toLowerCase()}`,
      title: text(task.body, "title"),
      tags: text(task.body, "style") || text(task.body, "tags"),
      createTime: time(task.createdAt, "sql"),
      duration: whole ? 198.44 : null,
    };
  });
}

function musicRecord(view: View): Record<string, unknown> {
  const { task, phase } = view;
  const failure = failureOf(view);
  const stage = phase === "success" ? "complete" : failure ? undefined : task.stages?.at(-1);
  return {
    taskId: task.taskId,
    parentMusicId: text(task.body, "audioId"),
    param: JSON.stringify(task.body),
    response: {
      taskId: task.taskId,
      sunoData: tracks(task, stage),
      ...(failure && { errorMessage: failure.msg }),
    },
    status: status(view),
    type: operationType(task).toUpperCase() || "GENERATE",
    operationType: operationType(task) || "generate",
    errorCode: failure?.code ?? null,
    errorMessage: failure?.msg ?? null,
  };
}

const STAGE_MSG: Record<string, string> = {
  text: "Text generation completed successfully.",
  first: "First track generation completed successfully.",
  complete: "All generated successfully.",
};

function musicCallback(view: View, stage: CallbackStage): CallbackBody {
  const { task } = view;
  const failure = failureOf(view);
  if (stage === "error" || failure) {
    const code = failure?.code ?? 501;
    return { code, msg: failure?.msg ?? "", data: { callbackType: "error", task_id: task.taskId, data: null } };
  }
  const data = tracks(task, stage).map((t) => ({
    id: t.id,
    audio_url: t.audioUrl,
    stream_audio_url: t.streamAudioUrl,
    image_url: t.imageUrl,
    prompt: t.prompt,
    model_name: t.modelName,
    title: t.title,
    tags: t.tags,
    createTime: t.createTime,
    duration: t.duration,
  }));
  return { code: 200, msg: STAGE_MSG[stage] ?? "", data: { callbackType: stage, task_id: task.taskId, data } };
}

/** Suno music (generate and every endpoint polled with it): status PENDING → TEXT_SUCCESS → FIRST_SUCCESS → SUCCESS. */
export const sunoMusicRecord: RecordKind = {
  family: "suno",
  path: "/api/v1/generate/record-info",
  stateFields: ["status"],
  perTaskLimit: true,
  ids: "hex",
  failure: { code: 501, msg: "Audio generation failed", state: "GENERATE_AUDIO_FAILED" },
  staged: true,
  media: () => 2,
  files: (task) => (task.mediaIds ?? []).flatMap((id) => [`${id}.mp3`, `${id}.jpeg`]),
  record: musicRecord,
  callback: musicCallback,
};

const lyrics = (task: SimTask) =>
  [0, 1].map((i) => ({ text: `[Verse]\n${text(task.body, "prompt")} (${i + 1})`, title: `Lyrics ${i + 1}` }));

/** Suno lyrics: one `complete` callback; the results are text, no files. */
export const sunoLyricsRecord: RecordKind = {
  family: "suno",
  path: "/api/v1/lyrics/record-info",
  stateFields: ["status"],
  ids: "hex",
  failure: { code: 501, msg: "Lyrics generation failed", state: "GENERATE_LYRICS_FAILED" },
  files: () => [],
  record(view) {
    const { task, phase } = view;
    const failure = failureOf(view);
    const data = phase === "success" ? lyrics(task).map((l) => ({ ...l, status: "complete", errorMessage: "" })) : [];
    return {
      taskId: task.taskId,
      param: JSON.stringify(task.body),
      response: { taskId: task.taskId, data },
      status: phase === "success" ? "SUCCESS" : failure ? failure.state : "PENDING",
      type: "LYRICS",
      errorCode: failure?.code ?? null,
      errorMessage: failure?.msg ?? null,
    };
  },
  callback(view) {
    const failure = failureOf(view);
    const data = failure
      ? [{ text: "", title: "", status: "failed", error_message: failure.msg }]
      : lyrics(view.task).map((l) => ({ ...l, status: "complete", error_message: "" }));
    const envelope = { callbackType: "complete", task_id: view.task.taskId, data };
    return { code: failure?.code ?? 200, msg: failure?.msg ?? "All generated successfully.", data: envelope };
  },
};
