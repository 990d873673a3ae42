// Runway and Aleph. Runway's record is `record-detail` with a lower-case `state` and `videoInfo`; Aleph's successFlag
// is 1 for success and 0 for both "running" and "failed", so only `errorCode`/`errorMessage` tell a failure. Both
// call back snake_case with the video's id, URL and cover image.
import type { SimTask } from "../state";
import type { CallbackBody, RecordKind, View } from "./types";
import { failureOf, forgotten, text, time } from "./util";

const video = (task: SimTask) => task.resultUrls.find((url) => url.endsWith(".mp4")) ?? "";
const cover = (task: SimTask) => task.resultUrls.find((url) => url.endsWith(".jpg")) ?? "";
const videoId = (task: SimTask) => task.mediaIds?.[0] ?? "";

function videoCallback(view: View): CallbackBody {
  const { task } = view;
  const failure = failureOf(view);
  const data = failure
    ? { task_id: task.taskId, video_id: "", video_url: "", image_url: "" }
    : { task_id: task.taskId, video_id: videoId(task), video_url: video(task), image_url: cover(task) };
  return { code: failure?.code ?? 200, msg: failure?.msg ?? "All generated successfully.", data };
}

/** Runway's state while it waits: `wait`, then `queueing` for the second half of its waiting time. */
function runwayState(view: View): unknown {
  const { task, phase, now } = view;
  if (phase === "success") return "success";
  if (phase === "fail") return failureOf(view)?.state ?? "fail";
  if (phase === "generating") return "generating";
  return now < task.createdAt + task.waitingMs / 2 ? "wait" : "queueing";
}

export const runwayRecord: RecordKind = {
  family: "runway",
  path: "/api/v1/runway/record-detail",
  stateFields: ["state"],
  ids: "uuid",
  failure: { code: 400, msg: "Your prompt was flagged by the content policy.", state: "fail" },
  media: () => 1,
  files: () => ["video.mp4", "cover.jpg"],
  record(view) {
    const { task, phase } = view;
    const failure = failureOf(view);
    const videoInfo = { videoId: videoId(task), taskId: task.taskId, videoUrl: video(task), imageUrl: cover(task) };
    return {
      taskId: task.taskId,
      parentTaskId: task.parentTaskId ?? "",
      generateParam: { prompt: text(task.body, "prompt"), imageUrl: text(task.body, "imageUrl"), expandPrompt: false },
      state: runwayState(view),
      generateTime: time(task.createdAt, "sql"),
      videoInfo: phase === "success" ? videoInfo : null,
      failCode: failure?.code ?? null,
      failMsg: failure?.msg ?? "",
      // kie.ai flags a record whose files its 14-day retention has removed.
      expireFlag: forgotten(view) ? 1 : 0,
    };
  },
  callback: videoCallback,
};

export const alephRecord: RecordKind = {
  family: "aleph",
  path: "/api/v1/aleph/record-info",
  stateFields: ["successFlag"],
  ids: "uuid",
  failure: { code: 500, msg: "Video generation failed", state: 0 },
  media: () => 1,
  files: () => ["video.mp4", "cover.jpg"],
  record(view) {
    const { task, phase } = view;
    const failure = failureOf(view);
    const response = { taskId: task.taskId, resultVideoUrl: video(task), resultImageUrl: cover(task) };
    return {
      taskId: task.taskId,
      paramJson: JSON.stringify(task.body),
      response: phase === "success" ? response : null,
      completeTime: time(task.completedAt, "sql"),
      createTime: time(task.createdAt, "sql"),
      successFlag: phase === "success" ? 1 : (failure?.state ?? 0),
      errorCode: failure?.code ?? null,
      errorMessage: failure?.msg ?? "",
    };
  },
  callback: videoCallback,
};
