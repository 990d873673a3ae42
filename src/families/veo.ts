import { at, failCode, failMsg } from "./relay";
import type { Family, FamilyDocs, RecordKind } from "./types";

const record = {
  id: "veo",
  family: "veo",
  path: "/api/v1/veo/record-info",
  // 3: "task created but upstream generation failed".
  state: { field: "successFlag", running: [0], success: [1], fail: [2, 3] },
  results: ["response.resultUrls[]"],
  relay: (r, stage) =>
    stage === "success"
      ? {
          code: 200,
          msg: "Veo3.1 video generated successfully.",
          data: {
            taskId: at(r, "taskId"),
            info: {
              resultUrls: at(r, "response.resultUrls"),
              originUrls: at(r, "response.originUrls"),
              resolution: at(r, "response.resolution"),
              // A 4K task's record also names its cover images.
              imageUrls: at(r, "response.imageUrls"),
            },
            fallbackFlag: at(r, "fallbackFlag"),
          },
        }
      : {
          code: failCode(r, "errorCode"),
          msg: failMsg(r, "errorMessage"),
          data: { taskId: at(r, "taskId"), fallbackFlag: at(r, "fallbackFlag") },
        },
} as const satisfies RecordKind;

const parent = { in: "body", field: "taskId", kinds: ["veo"] } as const;

/** Google's Veo 3.1 video, on kie.ai's own Veo API. */
export const veo = {
  name: "veo",
  title: "Veo 3.1",
  kinds: [record],
  operations: [
    {
      id: "veo/generate",
      family: "veo",
      name: "generate",
      method: "POST",
      path: "/api/v1/veo/generate",
      record,
      model: { field: "model", default: "veo3_fast" },
      callback: "callBackUrl",
      admit: true,
      bills: true,
    },
    {
      id: "veo/extend",
      family: "veo",
      name: "extend",
      method: "POST",
      path: "/api/v1/veo/extend",
      record,
      model: { field: "model", default: "fast" },
      callback: "callBackUrl",
      parent,
      admit: true,
      bills: true,
    },
    {
      id: "veo/get-1080p-video",
      family: "veo",
      name: "get-1080p-video",
      method: "GET",
      path: "/api/v1/veo/get-1080p-video",
      parent: { in: "query", field: "taskId", kinds: ["veo"] },
      bills: true,
    },
    {
      id: "veo/get-4k-video",
      family: "veo",
      name: "get-4k-video",
      method: "POST",
      path: "/api/v1/veo/get-4k-video",
      record,
      callback: "callBackUrl",
      parent,
      admit: true,
      bills: true,
    },
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const veoDocs: FamilyDocs = {
  veo: { summary: "A Veo task's record (generate, extend, 1080P and 4K): successFlag, response.resultUrls" },
  "veo/generate": {
    summary: "Generate a video (text, first and last frames, or reference images)",
    example: { prompt: "a red fox running through snow", model: "veo3_fast", aspect_ratio: "16:9" },
  },
  "veo/extend": {
    summary: "Extend a Veo video of the caller's",
    example: { taskId: "veo_task_…", prompt: "the fox jumps over a log" },
  },
  "veo/get-1080p-video": {
    summary: "The 1080P version of a Veo video of the caller's (kie.ai answers 'processing' until it is ready)",
  },
  "veo/get-4k-video": {
    summary: "Make the 4K version of a Veo video of the caller's; called back when ready",
    example: { taskId: "veo_task_…", index: 0 },
  },
};
