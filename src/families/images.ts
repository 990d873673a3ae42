import { all, at, failCode, failMsg } from "./relay";
import type { Family, FamilyDocs, RecordKind } from "./types";

const gpt4o = {
  id: "gpt4o-image",
  family: "gpt4o-image",
  path: "/api/v1/gpt4o-image/record-info",
  state: {
    field: "status",
    running: ["GENERATING"],
    success: ["SUCCESS"],
    fail: ["CREATE_TASK_FAILED", "GENERATE_FAILED"],
  },
  results: ["response.resultUrls[]", "response.result_urls[]"],
  perTask: { rate: 3, windowMs: 1_100 },
  relay: (r, stage) =>
    stage === "success"
      ? {
          code: 200,
          msg: "success",
          data: {
            taskId: at(r, "taskId"),
            info: { result_urls: [...all(r, "response.resultUrls[]"), ...all(r, "response.result_urls[]")] },
          },
        }
      : {
          code: failCode(r, "errorCode"),
          msg: failMsg(r, "errorMessage"),
          data: { taskId: at(r, "taskId"), info: null },
        },
} as const satisfies RecordKind;

/** OpenAI's GPT-Image-1, on kie.ai's own 4o Image API. */
export const gpt4oImage = {
  name: "gpt4o-image",
  title: "4o Image",
  kinds: [gpt4o],
  operations: [
    {
      id: "gpt4o-image/generate",
      family: "gpt4o-image",
      name: "generate",
      method: "POST",
      path: "/api/v1/gpt4o-image/generate",
      record: gpt4o,
      callback: "callBackUrl",
      admit: true,
      bills: true,
    },
    {
      id: "gpt4o-image/download-url",
      family: "gpt4o-image",
      name: "download-url",
      method: "POST",
      path: "/api/v1/gpt4o-image/download-url",
      parent: { in: "body", field: "taskId", kinds: ["gpt4o-image"] },
    },
  ],
} as const satisfies Family;

const kontext = {
  id: "flux-kontext",
  family: "flux-kontext",
  path: "/api/v1/flux/kontext/record-info",
  state: { field: "successFlag", running: [0], success: [1], fail: [2, 3] },
  results: ["response.resultImageUrl"],
  relay: (r, stage) =>
    stage === "success"
      ? {
          code: 200,
          msg: "BFL image generated successfully.",
          data: {
            taskId: at(r, "taskId"),
            info: {
              originImageUrl: at(r, "response.originImageUrl"),
              resultImageUrl: at(r, "response.resultImageUrl"),
            },
          },
        }
      : {
          code: failCode(r, "errorCode"),
          msg: failMsg(r, "errorMessage"),
          data: { taskId: at(r, "taskId"), info: null },
        },
} as const satisfies RecordKind;

/** Black Forest Labs' Flux Kontext, on kie.ai's own Flux Kontext API. */
export const fluxKontext = {
  name: "flux-kontext",
  title: "Flux Kontext",
  kinds: [kontext],
  operations: [
    {
      id: "flux-kontext/generate",
      family: "flux-kontext",
      name: "generate",
      method: "POST",
      path: "/api/v1/flux/kontext/generate",
      record: kontext,
      model: { field: "model", default: "flux-kontext-pro" },
      callback: "callBackUrl",
      admit: true,
      bills: true,
    },
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const imageDocs: FamilyDocs = {
  "gpt4o-image": { summary: "A 4o image's record: status, response.resultUrls (or result_urls), progress" },
  "gpt4o-image/generate": {
    summary: "Generate or edit images",
    example: { prompt: "a red fox in the snow", size: "1:1" },
  },
  "gpt4o-image/download-url": { summary: "A 20-minute link for an image of a 4o task of the caller's" },
  "flux-kontext": { summary: "A Flux Kontext image's record: successFlag, response.resultImageUrl" },
  "flux-kontext/generate": {
    summary: "Generate or edit an image",
    example: { prompt: "a red fox in the snow", model: "flux-kontext-pro", aspectRatio: "16:9" },
  },
};
