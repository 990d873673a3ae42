// The image families: 4o Image (two state fields, a result list spelt two ways, a progress string), Flux Kontext
// (an origin image on BFL's own short-lived host beside the result) and legacy Midjourney (results as objects).
import type { SimTask } from "../state";
import type { RecordKind, View } from "./types";
import { failureOf, text, time } from "./util";

/** The int successFlag most families share: 0 running, 1 success, then the failure's (2 or 3). */
const intFlag = (view: View) => (view.phase === "success" ? 1 : (failureOf(view)?.state ?? 0));

function progress(view: View): string {
  const { task, phase, now } = view;
  if (phase === "success") return "1.00";
  if (phase !== "generating") return "0.00";
  const share = task.durationMs ? (now - task.createdAt) / task.durationMs : 0.5;
  return Math.min(0.99, Math.max(0, share)).toFixed(2);
}

export const gpt4oImageRecord: RecordKind = {
  family: "gpt4o-image",
  path: "/api/v1/gpt4o-image/record-info",
  stateFields: ["status", "successFlag"],
  perTaskLimit: true,
  ids: "hex",
  failure: { code: 500, msg: "Image generation failed", state: "GENERATE_FAILED" },
  files: (task) =>
    Array.from(
      { length: [1, 2, 4].includes(Number(task.body.nVariants)) ? Number(task.body.nVariants) : 1 },
      (_, i) => `${i}.png`,
    ),
  record(view) {
    const { task, phase, state } = view;
    const failure = failureOf(view);
    return {
      taskId: task.taskId,
      paramJson: JSON.stringify(task.body),
      completeTime: time(task.completedAt, "ms"),
      response: phase === "success" ? { [state.familySettings.gpt4oResultField]: task.resultUrls } : null,
      successFlag: phase === "success" ? 1 : failure ? 2 : 0,
      status: phase === "success" ? "SUCCESS" : failure ? failure.state : "GENERATING",
      errorCode: failure?.code ?? null,
      errorMessage: failure?.msg ?? "",
      createTime: time(task.createdAt, "ms"),
      progress: progress(view),
    };
  },
  callback(view) {
    const failure = failureOf(view);
    if (failure) return { code: failure.code, msg: failure.msg, data: { taskId: view.task.taskId, info: null } };
    const data = { taskId: view.task.taskId, info: { result_urls: view.task.resultUrls } };
    return { code: 200, msg: "GPT-4o image generated successfully.", data };
  },
};

const fluxExt = (task: SimTask) => (task.body.outputFormat === "png" ? "png" : "jpg");

/** BFL's own link to the image, valid minutes only, and not on a kie.ai file host. */
const originImage = (task: SimTask) => `https://delivery-eu1.bfl.ai/results/${task.taskId}/sample.${fluxExt(task)}`;

const fluxInfo = (task: SimTask) => ({ originImageUrl: originImage(task), resultImageUrl: task.resultUrls[0] });

export const fluxKontextRecord: RecordKind = {
  family: "flux-kontext",
  path: "/api/v1/flux/kontext/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 501, msg: "Image generation failed", state: 3 },
  files: (task) => [`0.${fluxExt(task)}`],
  record(view) {
    const { task, phase } = view;
    const failure = failureOf(view);
    return {
      taskId: task.taskId,
      paramJson: JSON.stringify(task.body),
      completeTime: time(task.completedAt, "iso"),
      response: phase === "success" ? fluxInfo(task) : null,
      successFlag: intFlag(view),
      errorCode: failure?.code ?? null,
      errorMessage: failure?.msg ?? "",
      createTime: time(task.createdAt, "iso"),
    };
  },
  callback(view) {
    const failure = failureOf(view);
    if (failure) return { code: failure.code, msg: failure.msg, data: { taskId: view.task.taskId, info: null } };
    return {
      code: 200,
      msg: "BFL image generated successfully.",
      data: { taskId: view.task.taskId, info: fluxInfo(view.task) },
    };
  },
};

/** What a Midjourney task is: its own `taskType`, or what its follow-up endpoint makes. */
export function mjTaskType(task: SimTask): string {
  if (task.endpoint.endsWith("/generateUpscale")) return "mj_upscale";
  if (task.endpoint.endsWith("/generateVary")) return "mj_vary";
  return text(task.body, "taskType");
}

function mjFiles(task: SimTask): string[] {
  const type = mjTaskType(task);
  if (type === "mj_upscale") return ["0.png"];
  if (type.startsWith("mj_video_extend")) return ["0.mp4"];
  if (type.startsWith("mj_video")) {
    const batch = [1, 2, 4].includes(Number(task.body.videoBatchSize)) ? Number(task.body.videoBatchSize) : 1;
    return Array.from({ length: batch }, (_, i) => `${i}.mp4`);
  }
  return ["0.png", "1.png", "2.png", "3.png"];
}

export const mjRecord: RecordKind = {
  family: "mj",
  path: "/api/v1/mj/record-info",
  stateFields: ["successFlag"],
  ids: "hex",
  failure: { code: 500, msg: "Midjourney generation failed", state: 3 },
  files: mjFiles,
  record(view) {
    const { task, phase } = view;
    const failure = failureOf(view);
    const resultUrls = task.resultUrls.map((resultUrl) => ({ resultUrl }));
    return {
      taskId: task.taskId,
      taskType: mjTaskType(task),
      paramJson: JSON.stringify(task.body),
      completeTime: time(task.completedAt, "ms"),
      resultInfoJson: phase === "success" ? { resultUrls } : null,
      successFlag: intFlag(view),
      createTime: time(task.createdAt, "ms"),
      errorCode: failure?.code ?? null,
      errorMessage: failure?.msg ?? "",
    };
  },
  callback(view) {
    const failure = failureOf(view);
    const data = {
      taskId: view.task.taskId,
      promptJson: JSON.stringify(view.task.body),
      resultUrls: failure ? [] : view.task.resultUrls,
    };
    return { code: failure?.code ?? 200, msg: failure?.msg ?? "success", data };
  },
};
