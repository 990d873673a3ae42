// Suno's endpoints, as data: the music creates (all polled at generate/record-info), lyrics, the tools on a finished
// track, and the synchronous calls. kie.ai insists on `callBackUrl` for most of them.
import { coverRepeat, persona, personaRepeat, style, timestampedLyrics, wavRepeat } from "./answers";
import { all, maxLength, oneOf, requiredWhen } from "./checks";
import type { EndpointSpec, ParentSpec } from "./types";

const required = { field: "callBackUrl", required: true };
const optional = { field: "callBackUrl", required: false };
const MODELS = ["V4", "V4_5", "V4_5PLUS", "V4_5ALL", "V5", "V5_5"];
const model = { field: "model", allowed: MODELS };

/** A track of a finished music task, named by the task and its audioId. */
const track: ParentSpec = { task: "taskId", media: { field: "audioId", required: true }, records: ["suno-music"] };

/** In custom mode, kie.ai wants a style and a title. */
const customMode = requiredWhen((b) => b.customMode === true, "style", "title");

const music = (operation: string, spec: Partial<EndpointSpec>): EndpointSpec => ({
  path: `/api/v1/generate${operation === "generate" ? "" : `/${operation}`}`,
  method: "POST",
  family: "suno",
  kind: "create",
  operation,
  callback: required,
  model,
  record: "suno-music",
  ...spec,
});

const tool = (path: string, operation: string, spec: Partial<EndpointSpec>): EndpointSpec => ({
  path,
  method: "POST",
  family: "suno",
  kind: "follow-up",
  operation,
  required: ["taskId", "audioId"],
  callback: required,
  parent: track,
  ...spec,
});

export const SUNO_ENDPOINTS: EndpointSpec[] = [
  music("generate", { required: ["prompt", "customMode", "instrumental", "model"], check: customMode }),
  music("extend", {
    kind: "follow-up",
    required: ["defaultParamFlag", "audioId", "prompt", "model"],
    // Named by its track alone: the music task is the one that made it.
    parent: { media: { field: "audioId", required: true }, records: ["suno-music"] },
  }),
  music("upload-cover", {
    required: ["uploadUrl", "prompt", "customMode", "instrumental", "model"],
    check: customMode,
  }),
  music("upload-extend", { required: ["uploadUrl", "defaultParamFlag", "instrumental", "continueAt", "model"] }),
  music("add-instrumental", {
    required: ["uploadUrl", "title", "negativeTags", "tags"],
    model: { field: "model", default: "V4_5PLUS", allowed: ["V4_5PLUS", "V5", "V5_5"] },
  }),
  music("add-vocals", {
    required: ["uploadUrl", "prompt", "title", "style", "negativeTags"],
    model: { field: "model", default: "V4_5PLUS", allowed: ["V4_5PLUS", "V5"] },
  }),
  music("mashup", {
    required: ["uploadUrlList", "customMode", "model"],
    check: (b) =>
      Array.isArray(b.uploadUrlList) && b.uploadUrlList.length === 2
        ? undefined
        : "uploadUrlList must hold exactly 2 URLs",
  }),
  music("replace-section", {
    kind: "follow-up",
    required: ["taskId", "audioId", "prompt", "tags", "title", "infillStartS", "infillEndS"],
    callback: optional,
    model: { field: "model" },
    parent: track,
    check: (b) => {
      const window = Number(b.infillEndS) - Number(b.infillStartS);
      return window >= 6 && window <= 60 ? undefined : "the section must be 6 to 60 seconds long";
    },
  }),
  music("sounds", {
    required: ["prompt"],
    callback: optional,
    model: { field: "model", default: "V5", allowed: ["V5", "V5_5"] },
    check: maxLength("prompt", 500),
  }),
  {
    path: "/api/v1/lyrics",
    method: "POST",
    family: "suno",
    kind: "create",
    operation: "lyrics",
    required: ["prompt"],
    callback: required,
    record: "suno-lyrics",
    check: maxLength("prompt", 200),
  },
  tool("/api/v1/wav/generate", "wav", { record: "suno-wav", repeat: wavRepeat }),
  tool("/api/v1/vocal-removal/generate", "vocal-removal", {
    record: "suno-vocal-removal",
    // Priced by type: two stems cost less than twelve.
    priceBy: { field: "type", default: "separate_vocal" },
    check: oneOf("type", ["separate_vocal", "split_stem"]),
  }),
  tool("/api/v1/midi/generate", "midi", {
    required: ["taskId"],
    // A vocal separation's task, and optionally one of its stems (originData[].id).
    parent: { task: "taskId", media: { field: "audioId", required: false }, records: ["suno-vocal-removal"] },
    record: "suno-midi",
  }),
  tool("/api/v1/mp4/generate", "mp4", {
    record: "suno-mp4",
    check: all(maxLength("author", 50), maxLength("domainName", 50)),
  }),
  tool("/api/v1/suno/cover/generate", "cover", {
    required: ["taskId"],
    parent: { task: "taskId", records: ["suno-music"] },
    record: "suno-cover",
    repeat: coverRepeat,
  }),
  tool("/api/v1/generate/get-timestamped-lyrics", "get-timestamped-lyrics", {
    kind: "read",
    callback: undefined,
    answer: timestampedLyrics,
  }),
  tool("/api/v1/generate/generate-persona", "generate-persona", {
    kind: "sync",
    required: ["taskId", "audioId", "name", "description"],
    callback: undefined,
    repeat: personaRepeat,
    answer: persona,
  }),
  {
    path: "/api/v1/style/generate",
    method: "POST",
    family: "suno",
    kind: "sync",
    operation: "style",
    required: ["content"],
    answer: style,
  },
];
