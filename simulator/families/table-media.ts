// The image and video families' endpoints, as data: 4o Image, Flux Kontext, Runway, Aleph, legacy Midjourney, and
// Gemini Omni's synchronous helpers.
import { gpt4oDownload, OMNI_VOICES, omniAudio, omniCharacter } from "./answers";
import { all, items, maxLength, oneOf, requiredWhen } from "./checks";
import { mjTaskType } from "./shapes-image";
import type { EndpointSpec } from "./types";

const callback = { field: "callBackUrl", required: false };
const post = { method: "POST", callback } as const;

const MJ_IMAGE_TYPES = ["mj_txt2img", "mj_img2img", "mj_style_reference", "mj_omni_reference"];
const MJ_TYPES = [...MJ_IMAGE_TYPES, "mj_video", "mj_video_hd"];
const RUNWAY_RATIOS = ["16:9", "4:3", "1:1", "3:4", "9:16"];

/** Upscale and vary work on one of a finished grid's four images (a grid made by vary included). */
const mjFollowUp = (path: string, operation: string): EndpointSpec => ({
  ...post,
  path,
  family: "mj",
  kind: "follow-up",
  operation,
  required: ["taskId", "imageIndex"],
  parent: {
    task: "taskId",
    index: "imageIndex",
    records: ["mj"],
    accepts: (t) => [...MJ_IMAGE_TYPES, "mj_vary"].includes(mjTaskType(t)),
  },
  record: "mj",
  check: oneOf("imageIndex", [0, 1, 2, 3]),
});

export const MEDIA_ENDPOINTS: EndpointSpec[] = [
  {
    ...post,
    path: "/api/v1/gpt4o-image/generate",
    family: "gpt4o-image",
    kind: "create",
    operation: "generate",
    required: ["size"],
    anyOf: ["prompt", "filesUrl"],
    record: "gpt4o-image",
    check: all(oneOf("size", ["1:1", "3:2", "2:3"]), items("filesUrl", 1, 5), oneOf("nVariants", [1, 2, 4])),
  },
  {
    path: "/api/v1/gpt4o-image/download-url",
    method: "POST",
    family: "gpt4o-image",
    kind: "read",
    operation: "download-url",
    required: ["taskId", "url"],
    parent: { task: "taskId", records: ["gpt4o-image"] },
    answer: gpt4oDownload,
  },
  {
    ...post,
    path: "/api/v1/flux/kontext/generate",
    family: "flux-kontext",
    kind: "create",
    operation: "generate",
    required: ["prompt"],
    model: { field: "model", default: "flux-kontext-pro", allowed: ["flux-kontext-pro", "flux-kontext-max"] },
    record: "flux-kontext",
    check: all(
      oneOf("aspectRatio", ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"]),
      oneOf("outputFormat", ["jpeg", "png"]),
    ),
  },
  {
    ...post,
    path: "/api/v1/runway/generate",
    family: "runway",
    kind: "create",
    operation: "generate",
    required: ["prompt", "duration", "quality"],
    record: "runway",
    check: all(
      maxLength("prompt", 1800),
      oneOf("duration", [5, 10]),
      oneOf("quality", ["720p", "1080p"]),
      oneOf("aspectRatio", RUNWAY_RATIOS),
      (b) => (b.duration === 10 && b.quality === "1080p" ? "a 10-second video cannot be 1080p" : undefined),
      // Text to video needs a ratio; an image brings its own.
      requiredWhen((b) => !b.imageUrl, "aspectRatio"),
    ),
  },
  {
    ...post,
    path: "/api/v1/runway/extend",
    family: "runway",
    kind: "follow-up",
    operation: "extend",
    required: ["taskId", "prompt", "quality"],
    parent: { task: "taskId", records: ["runway"] },
    record: "runway",
    check: oneOf("quality", ["720p", "1080p"]),
  },
  {
    ...post,
    path: "/api/v1/aleph/generate",
    family: "aleph",
    kind: "create",
    operation: "generate",
    required: ["prompt", "videoUrl"],
    record: "aleph",
    check: oneOf("aspectRatio", ["16:9", "9:16", "4:3", "3:4", "1:1", "21:9"]),
  },
  {
    ...post,
    path: "/api/v1/mj/generate",
    family: "mj",
    kind: "create",
    operation: "generate",
    required: ["taskType", "prompt"],
    priceBy: { field: "taskType", default: "mj_txt2img" },
    record: "mj",
    check: all(oneOf("taskType", MJ_TYPES), maxLength("prompt", 2000)),
  },
  mjFollowUp("/api/v1/mj/generateUpscale", "upscale"),
  mjFollowUp("/api/v1/mj/generateVary", "vary"),
  {
    ...post,
    path: "/api/v1/mj/generateVideoExtend",
    family: "mj",
    kind: "follow-up",
    operation: "video-extend",
    required: ["taskId", "taskType", "index"],
    parent: { task: "taskId", index: "index", records: ["mj"], accepts: (t) => mjTaskType(t).startsWith("mj_video") },
    record: "mj",
    check: oneOf("taskType", ["mj_video_extend_manual", "mj_video_extend_auto"]),
  },
  {
    path: "/api/v1/omni/audio/create",
    method: "POST",
    family: "omni",
    kind: "sync",
    operation: "audio",
    required: ["audio_id", "name"],
    check: all(
      oneOf("audio_id", OMNI_VOICES),
      maxLength("name", 210),
      maxLength("voice_description", 20000),
      maxLength("example_dialogue", 120),
    ),
    answer: omniAudio,
  },
  {
    path: "/api/v1/omni/character/create",
    method: "POST",
    family: "omni",
    kind: "sync",
    operation: "character",
    required: ["descriptions", "image_urls"],
    check: items("image_urls", 1, 1),
    answer: omniCharacter,
  },
];
