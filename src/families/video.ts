import { at, failCode, failMsg } from "./relay";
import type { Family, FamilyDocs, KieRecord, RecordKind } from "./types";

// Runway and Aleph call back in one snake_case shape; only where the video sits in their records differs.
function runwayCallback(r: KieRecord, stage: string, video: { id: string; url: string; image: string }) {
  const ok = stage === "success";
  return {
    code: ok ? 200 : failCode(r, ok ? "" : "failCode"),
    msg: ok ? "All generated successfully." : failMsg(r, "failMsg"),
    data: {
      task_id: at(r, "taskId"),
      video_id: ok ? at(r, video.id) : "",
      video_url: ok ? at(r, video.url) : "",
      image_url: ok ? at(r, video.image) : "",
    },
  };
}

const runwayRecord = {
  id: "runway",
  family: "runway",
  path: "/api/v1/runway/record-detail",
  state: { field: "state", running: ["wait", "queueing", "generating"], success: ["success"], fail: ["fail"] },
  results: ["videoInfo.videoUrl"],
  relay: (r, stage) =>
    runwayCallback(r, stage, { id: "videoInfo.videoId", url: "videoInfo.videoUrl", image: "videoInfo.imageUrl" }),
} as const satisfies RecordKind;

/** Runway's video, on kie.ai's own Runway API. */
export const runway = {
  name: "runway",
  title: "Runway",
  kinds: [runwayRecord],
  operations: [
    {
      id: "runway/generate",
      family: "runway",
      name: "generate",
      method: "POST",
      path: "/api/v1/runway/generate",
      record: runwayRecord,
      callback: "callBackUrl",
      admit: true,
      bills: true,
    },
    {
      id: "runway/extend",
      family: "runway",
      name: "extend",
      method: "POST",
      path: "/api/v1/runway/extend",
      record: runwayRecord,
      callback: "callBackUrl",
      parent: { in: "body", field: "taskId", kinds: ["runway"] },
      admit: true,
      bills: true,
    },
  ],
} as const satisfies Family;

const alephRecord = {
  id: "aleph",
  family: "aleph",
  path: "/api/v1/aleph/record-info",
  state: {
    field: "successFlag",
    running: [],
    success: [1],
    fail: [],
    ambiguous: { value: 0, failedWhen: ["errorCode", "errorMessage"] },
  },
  results: ["response.resultVideoUrl"],
  relay: (r, stage) =>
    stage === "success"
      ? runwayCallback(r, stage, {
          id: "response.taskId",
          url: "response.resultVideoUrl",
          image: "response.resultImageUrl",
        })
      : {
          code: failCode(r, "errorCode"),
          msg: failMsg(r, "errorMessage"),
          data: { task_id: at(r, "taskId"), video_id: "", video_url: "", image_url: "" },
        },
} as const satisfies RecordKind;

/** Runway's Aleph video-to-video, on kie.ai's own Aleph API. */
export const aleph = {
  name: "aleph",
  title: "Runway Aleph",
  kinds: [alephRecord],
  operations: [
    {
      id: "aleph/generate",
      family: "aleph",
      name: "generate",
      method: "POST",
      path: "/api/v1/aleph/generate",
      record: alephRecord,
      callback: "callBackUrl",
      admit: true,
      bills: true,
    },
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const videoDocs: FamilyDocs = {
  runway: { summary: "A Runway video's record: state, videoInfo" },
  "runway/generate": {
    summary: "Generate a video (text or image to video)",
    example: { prompt: "a red fox running through snow", duration: 5, quality: "720p", aspectRatio: "16:9" },
  },
  "runway/extend": { summary: "Extend a Runway video of the caller's" },
  aleph: { summary: "An Aleph video's record: successFlag (1 success; 0 failed or running — errorCode tells)" },
  "aleph/generate": {
    summary: "Transform a video",
    example: { prompt: "make it winter", videoUrl: "https://tempfile.aiquickdraw.com/r/clip.mp4" },
  },
};
