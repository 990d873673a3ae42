// Veo 3.1's endpoints, as data (types.ts says what each field means).
import { veo4kRepeat, veo1080p } from "./answers";
import { all, items, oneOf, requiredWhen } from "./checks";
import { VEO_4K } from "./shapes-veo";
import type { EndpointSpec, ParentSpec } from "./types";

const callback = { field: "callBackUrl", required: false };

/** A finished generate or extend video (a 4K one is not extended or upscaled again). */
const video: ParentSpec = { task: "taskId", index: "index", records: ["veo"], accepts: (t) => t.endpoint !== VEO_4K };

const GENERATION_TYPES = ["TEXT_2_VIDEO", "FIRST_AND_LAST_FRAMES_2_VIDEO", "REFERENCE_2_VIDEO"];
const RATIOS = ["16:9", "9:16", "Auto"];

export const VEO_ENDPOINTS: EndpointSpec[] = [
  {
    path: "/api/v1/veo/generate",
    method: "POST",
    family: "veo",
    kind: "create",
    operation: "generate",
    required: ["prompt"],
    callback,
    model: { field: "model", default: "veo3_fast", allowed: ["veo3", "veo3_fast", "veo3_lite"] },
    record: "veo",
    check: all(
      oneOf("generationType", GENERATION_TYPES),
      // kie.ai takes the ratio under either spelling.
      oneOf("aspect_ratio", RATIOS),
      oneOf("aspectRatio", RATIOS),
      oneOf("resolution", ["720p", "1080p", "4k"]),
      items("imageUrls", 1, 3),
      requiredWhen((b) => b.generationType === "FIRST_AND_LAST_FRAMES_2_VIDEO", "imageUrls"),
      requiredWhen((b) => b.generationType === "REFERENCE_2_VIDEO", "imageUrls"),
      (b) =>
        b.generationType === "REFERENCE_2_VIDEO" && (b.model ?? "veo3_fast") !== "veo3_fast"
          ? "REFERENCE_2_VIDEO supports veo3_fast only"
          : undefined,
    ),
  },
  {
    path: "/api/v1/veo/extend",
    method: "POST",
    family: "veo",
    kind: "follow-up",
    operation: "extend",
    required: ["taskId", "prompt"],
    callback,
    model: { field: "model", default: "fast", allowed: ["fast", "quality", "lite"] },
    parent: { ...video, index: undefined },
    record: "veo",
  },
  {
    path: "/api/v1/veo/get-1080p-video",
    method: "GET",
    family: "veo",
    kind: "read",
    operation: "get-1080p-video",
    required: ["taskId"],
    parent: video,
    answer: veo1080p,
  },
  {
    path: VEO_4K,
    method: "POST",
    family: "veo",
    kind: "follow-up",
    operation: "get-4k-video",
    required: ["taskId"],
    callback,
    parent: video,
    record: "veo",
    repeat: veo4kRepeat,
    created: (task) => ({ taskId: task.taskId, resultUrls: [], imageUrls: [] }),
    sharesParentId: (state) => state.familySettings.veo4kTaskId === "same",
    failure: { code: 500, msg: "The 4K version of this video is unavailable.", state: 3 },
  },
];
