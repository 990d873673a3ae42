import { cover, lyrics, midi, mp4, music, vocalRemoval, wav } from "./suno-records";
import type { Family, FamilyDocs, Operation, RecordKind } from "./types";

/** What an operation adds to the family's common fields. */
type Extra = Omit<Partial<Operation>, "id" | "family" | "name" | "method" | "path">;

const onMusic = { in: "body", field: "taskId", kinds: ["suno-music"] } as const;

/** A Suno operation that starts a task polled at `record` (its path kept literal, for typed clients). */
function create<const P extends string>(
  name: string,
  path: P,
  record: RecordKind,
  extra: Extra = {},
): Operation & { path: P; method: "POST"; record: RecordKind } {
  return {
    id: `suno/${name}`,
    family: "suno",
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

/** A Suno operation answered at once. */
function sync<const P extends string>(name: string, path: P, extra: Extra): Operation & { path: P; method: "POST" } {
  return { id: `suno/${name}`, family: "suno", name, method: "POST", path, ...extra };
}

const model = { field: "model" } as const;

/** Suno music, lyrics, stems, MIDI, videos and covers, on kie.ai's own Suno API. */
export const suno = {
  name: "suno",
  title: "Suno",
  kinds: [music, lyrics, wav, vocalRemoval, midi, mp4, cover],
  operations: [
    create("generate", "/api/v1/generate", music, {
      model,
    }),
    create("extend", "/api/v1/generate/extend", music, {
      model,
      parent: { in: "body", field: "audioId", kinds: ["suno-music"], item: true },
    }),
    create("upload-cover", "/api/v1/generate/upload-cover", music, { model }),
    create("upload-extend", "/api/v1/generate/upload-extend", music, { model }),
    create("add-instrumental", "/api/v1/generate/add-instrumental", music, {
      model,
    }),
    create("add-vocals", "/api/v1/generate/add-vocals", music, { model }),
    create("mashup", "/api/v1/generate/mashup", music, { model }),
    create("replace-section", "/api/v1/generate/replace-section", music, {
      parent: onMusic,
    }),
    create("sounds", "/api/v1/generate/sounds", music, { model }),
    create("lyrics", "/api/v1/lyrics", lyrics),
    create("wav", "/api/v1/wav/generate", wav, { parent: onMusic }),
    create("vocal-removal", "/api/v1/vocal-removal/generate", vocalRemoval, {
      parent: onMusic,
    }),
    create("midi", "/api/v1/midi/generate", midi, {
      parent: { in: "body", field: "taskId", kinds: ["suno-vocal-removal"] },
    }),
    create("mp4", "/api/v1/mp4/generate", mp4, { parent: onMusic }),
    create("cover", "/api/v1/suno/cover/generate", cover, { parent: onMusic }),
    sync("get-timestamped-lyrics", "/api/v1/generate/get-timestamped-lyrics", {
      parent: onMusic,
    }),
    sync("generate-persona", "/api/v1/generate/generate-persona", {
      parent: onMusic,
      admit: true,
      bills: true,
    }),
    sync("style", "/api/v1/style/generate", {
      admit: true,
      bills: true,
      credits: ["creditsConsumed"],
    }),
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const sunoDocs: FamilyDocs = {
  "suno/generate": {
    summary: "Generate music",
    example: { prompt: "a calm piano piece", customMode: false, instrumental: true, model: "V5" },
  },
  "suno/extend": { summary: "Extend a track of the caller's (by audioId)" },
  "suno/upload-cover": { summary: "Cover an uploaded track" },
  "suno/upload-extend": { summary: "Extend an uploaded track" },
  "suno/add-instrumental": { summary: "Add an instrumental to uploaded vocals" },
  "suno/add-vocals": { summary: "Add vocals to an uploaded instrumental" },
  "suno/mashup": { summary: "Mash up two uploaded tracks" },
  "suno/replace-section": { summary: "Regenerate a section of a track" },
  "suno/sounds": { summary: "Generate sound effects" },
  "suno/lyrics": { summary: "Write lyrics" },
  "suno/wav": { summary: "Convert a track of the caller's to WAV" },
  "suno/vocal-removal": { summary: "Separate a track's vocals and stems" },
  "suno/midi": { summary: "Transcribe separated stems to MIDI" },
  "suno/mp4": { summary: "Make a music video of a track" },
  "suno/cover": { summary: "Make cover images for a music task" },
  "suno/get-timestamped-lyrics": { summary: "A track's lyrics, word by word" },
  "suno/generate-persona": { summary: "Make a persona from a track's voice" },
  "suno/style": { summary: "Expand a music style description (reports its credits)" },
};
