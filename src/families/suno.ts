import { cover, lyrics, midi, mp4, music, vocalRemoval, wav } from "./suno-records";
import type { Family, Operation, RecordKind } from "./types";

/** What an operation adds to the family's common fields. */
type Extra = Omit<Partial<Operation>, "id" | "family" | "name" | "method" | "path">;

const onMusic = { in: "body", field: "taskId", kinds: ["suno-music"] } as const;

/** A Suno operation that starts a task polled at `record` (its path kept literal, for typed clients). */
function create<const P extends string>(
  name: string,
  path: P,
  summary: string,
  record: RecordKind,
  extra: Extra = {},
): Operation & { path: P; method: "POST"; record: RecordKind } {
  return {
    id: `suno/${name}`,
    family: "suno",
    name,
    method: "POST",
    path,
    summary,
    record,
    callback: "callBackUrl",
    admit: true,
    bills: true,
    ...extra,
  };
}

/** A Suno operation answered at once. */
function sync<const P extends string>(
  name: string,
  path: P,
  summary: string,
  extra: Extra,
): Operation & { path: P; method: "POST" } {
  return { id: `suno/${name}`, family: "suno", name, method: "POST", path, summary, ...extra };
}

const model = { field: "model" } as const;

/** Suno music, lyrics, stems, MIDI, videos and covers, on kie.ai's own Suno API. */
export const suno = {
  name: "suno",
  title: "Suno",
  kinds: [music, lyrics, wav, vocalRemoval, midi, mp4, cover],
  operations: [
    create("generate", "/api/v1/generate", "Generate music", music, {
      model,
      example: { prompt: "a calm piano piece", customMode: false, instrumental: true, model: "V5" },
    }),
    create("extend", "/api/v1/generate/extend", "Extend a track of the caller's (by audioId)", music, {
      model,
      parent: { in: "body", field: "audioId", kinds: ["suno-music"], item: true },
    }),
    create("upload-cover", "/api/v1/generate/upload-cover", "Cover an uploaded track", music, { model }),
    create("upload-extend", "/api/v1/generate/upload-extend", "Extend an uploaded track", music, { model }),
    create("add-instrumental", "/api/v1/generate/add-instrumental", "Add an instrumental to uploaded vocals", music, {
      model,
    }),
    create("add-vocals", "/api/v1/generate/add-vocals", "Add vocals to an uploaded instrumental", music, { model }),
    create("mashup", "/api/v1/generate/mashup", "Mash up two uploaded tracks", music, { model }),
    create("replace-section", "/api/v1/generate/replace-section", "Regenerate a section of a track", music, {
      parent: onMusic,
    }),
    create("sounds", "/api/v1/generate/sounds", "Generate sound effects", music, { model }),
    create("lyrics", "/api/v1/lyrics", "Write lyrics", lyrics),
    create("wav", "/api/v1/wav/generate", "Convert a track of the caller's to WAV", wav, { parent: onMusic }),
    create("vocal-removal", "/api/v1/vocal-removal/generate", "Separate a track's vocals and stems", vocalRemoval, {
      parent: onMusic,
    }),
    create("midi", "/api/v1/midi/generate", "Transcribe separated stems to MIDI", midi, {
      parent: { in: "body", field: "taskId", kinds: ["suno-vocal-removal"] },
    }),
    create("mp4", "/api/v1/mp4/generate", "Make a music video of a track", mp4, { parent: onMusic }),
    create("cover", "/api/v1/suno/cover/generate", "Make cover images for a music task", cover, { parent: onMusic }),
    sync("get-timestamped-lyrics", "/api/v1/generate/get-timestamped-lyrics", "A track's lyrics, word by word", {
      parent: onMusic,
    }),
    sync("generate-persona", "/api/v1/generate/generate-persona", "Make a persona from a track's voice", {
      parent: onMusic,
      admit: true,
      bills: true,
    }),
    sync("style", "/api/v1/style/generate", "Expand a music style description (reports its credits)", {
      admit: true,
      bills: true,
      credits: ["creditsConsumed"],
    }),
  ],
} as const satisfies Family;
