// Veo 3.1's record and callbacks. One record path serves generate, extend and 4K tasks; a 4K task answers with its
// own callback shape (the callback page's, `info.{resultUrls, imageUrls}`), and its record adds `mediaIds`.
import type { SimTask } from "../state";
import type { CallbackBody, CallbackStage, RecordKind, View } from "./types";
import { failureOf, fileUrl, text, time } from "./util";

export const VEO_4K = "/api/v1/veo/get-4k-video";

const is4k = (task: SimTask) => task.endpoint === VEO_4K;
const index4k = (task: SimTask) => Number(task.body.index ?? 0) || 0;

/** kie.ai writes the ratio both ways (`aspect_ratio` now, `aspectRatio` in older copies). */
function ratioOf(task: SimTask): string {
  return text(task.body, "aspect_ratio") || text(task.body, "aspectRatio") || "16:9";
}

const videos = (task: SimTask) => task.resultUrls.filter((url) => url.endsWith(".mp4"));

function info(task: SimTask) {
  // Only a video not made in 16:9 has an original kept beside it.
  const originUrls = ratioOf(task) === "16:9" ? null : videos(task).map((_, i) => fileUrl(task, `origin-${i}.mp4`));
  return { resultUrls: videos(task), originUrls, resolution: text(task.body, "resolution") || "720p" };
}

function info4k(task: SimTask) {
  return { resultUrls: videos(task), imageUrls: task.resultUrls.filter((url) => url.endsWith(".jpg")) };
}

function record(view: View): Record<string, unknown> {
  const { task, phase } = view;
  const failure = failureOf(view);
  const response = () =>
    is4k(task)
      ? { taskId: task.taskId, ...info4k(task), resolution: "4k", mediaIds: task.mediaIds ?? [] }
      : { taskId: task.taskId, ...info(task) };
  return {
    taskId: task.taskId,
    paramJson: JSON.stringify(task.body),
    completeTime: time(task.completedAt, "sql"),
    response: phase === "success" ? response() : null,
    successFlag: phase === "success" ? 1 : failure ? failure.state : 0,
    errorCode: failure?.code ?? null,
    errorMessage: failure?.msg ?? "",
    createTime: time(task.createdAt, "sql"),
    fallbackFlag: false,
  };
}

function callback(view: View, _stage: CallbackStage): CallbackBody {
  const { task } = view;
  const failure = failureOf(view);
  if (is4k(task)) {
    if (failure) return { code: failure.code, msg: failure.msg, data: { taskId: task.taskId, info: null } };
    return { code: 200, msg: "4K Video generated successfully.", data: { taskId: task.taskId, info: info4k(task) } };
  }
  if (failure) return { code: failure.code, msg: failure.msg, data: { taskId: task.taskId, fallbackFlag: false } };
  const data = { taskId: task.taskId, info: info(task), fallbackFlag: false };
  return { code: 200, msg: "Veo3.1 video generated successfully.", data };
}

/** Veo's record kind: successFlag 0 generating, 1 success, 2 failed, 3 created but generation failed. */
export const veoRecord: RecordKind = {
  family: "veo",
  path: "/api/v1/veo/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 501, msg: "Veo video generation failed", state: 3 },
  media: () => 1,
  files: (task) => (is4k(task) ? [`4k-${index4k(task)}.mp4`, `4k-${index4k(task)}.jpg`] : ["0.mp4"]),
  record,
  callback,
};
