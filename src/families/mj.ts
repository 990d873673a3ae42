import { all, at, failCode, failMsg } from "./relay";
import type { Family, FamilyDocs, Operation, RecordKind } from "./types";

/** What an operation adds to the family's common fields. */
type Extra = Omit<Partial<Operation>, "id" | "family" | "name" | "method" | "path">;

const record = {
  id: "mj",
  family: "mj",
  path: "/api/v1/mj/record-info",
  state: { field: "successFlag", running: [0], success: [1], fail: [2, 3] },
  results: ["resultInfoJson.resultUrls[].resultUrl"],
  relay: (r, stage) => ({
    code: stage === "success" ? 200 : failCode(r, "errorCode"),
    msg: stage === "success" ? "success" : failMsg(r, "errorMessage"),
    data: {
      taskId: at(r, "taskId"),
      promptJson: at(r, "paramJson"),
      resultUrls: stage === "success" ? all(r, "resultInfoJson.resultUrls[].resultUrl") : [],
    },
  }),
} as const satisfies RecordKind;

function mjOp<const P extends string>(
  name: string,
  path: P,
  extra: Extra = {},
): Operation & { path: P; method: "POST"; record: RecordKind } {
  return {
    id: `mj/${name}`,
    family: "mj",
    name,
    method: "POST",
    path,
    record,
    callback: "callBackUrl",
    admit: true,
    bills: true,
    ...extra,
  };
}

const onMj = { in: "body", field: "taskId", kinds: ["mj"] } as const;

/** Midjourney on kie.ai's legacy MJ API (no longer documented by kie.ai; carried while it answers). */
export const mj = {
  name: "mj",
  title: "Midjourney (legacy)",
  kinds: [record],
  operations: [
    mjOp("generate", "/api/v1/mj/generate", {
      model: { field: "taskType", required: true },
    }),
    mjOp("upscale", "/api/v1/mj/generateUpscale", { parent: onMj }),
    mjOp("vary", "/api/v1/mj/generateVary", { parent: onMj }),
    mjOp("video-extend", "/api/v1/mj/generateVideoExtend", {
      parent: onMj,
      model: { field: "taskType" },
    }),
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const mjDocs: FamilyDocs = {
  mj: { summary: "A Midjourney task's record: successFlag, resultInfoJson.resultUrls[].resultUrl" },
  "mj/generate": {
    summary: "Generate images or a video (taskType names the mode)",
    example: { taskType: "mj_txt2img", prompt: "a red fox in the snow", speed: "fast" },
  },
  "mj/upscale": { summary: "Upscale one image of a task of the caller's" },
  "mj/vary": { summary: "Vary one image of a task of the caller's" },
  "mj/video-extend": { summary: "Extend a video of a task of the caller's" },
};
