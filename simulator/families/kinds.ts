// Every per-family record kind kie.ai has, by name: its path, state fields, limits and shapes (the shape functions
// live with their family). A new family's record is one entry here.
import type { SimTask, SimulatorState } from "../state";
import { taskPhase } from "../tasks";
import { fluxKontextRecord, gpt4oImageRecord, mjRecord } from "./shapes-image";
import { sunoLyricsRecord, sunoMusicRecord } from "./shapes-suno";
import {
  sunoCoverRecord,
  sunoMidiRecord,
  sunoMp4Record,
  sunoVocalRemovalRecord,
  sunoWavRecord,
} from "./shapes-suno-tools";
import { veoRecord } from "./shapes-veo";
import { alephRecord, runwayRecord } from "./shapes-video";
import type { RecordKind, RecordKindName, View } from "./types";

export const RECORD_KINDS: Record<Exclude<RecordKindName, "jobs">, RecordKind> = {
  veo: veoRecord,
  "suno-music": sunoMusicRecord,
  "suno-lyrics": sunoLyricsRecord,
  "suno-wav": sunoWavRecord,
  "suno-vocal-removal": sunoVocalRemovalRecord,
  "suno-midi": sunoMidiRecord,
  "suno-mp4": sunoMp4Record,
  "suno-cover": sunoCoverRecord,
  "gpt4o-image": gpt4oImageRecord,
  "flux-kontext": fluxKontextRecord,
  runway: runwayRecord,
  aleph: alephRecord,
  mj: mjRecord,
};

/**
 * The record kind of a per-family task; undefined for a Market (jobs) task.
 *
 * @example
 * ```ts
 * const kind = kindOf(task) // sunoMusicRecord
 * ```
 */
export function kindOf(task: SimTask): RecordKind | undefined {
  return task.record === "jobs" ? undefined : RECORD_KINDS[task.record];
}

/**
 * What a shape function sees of `task` at `now`.
 *
 * @example
 * ```ts
 * kind.record(viewOf(state, task, Date.now()))
 * ```
 */
export function viewOf(state: SimulatorState, task: SimTask, now: number): View {
  return { task, phase: taskPhase(task, now), now, state };
}

/**
 * The value of the state field a task's record shows now (what `/__sim/tasks` lists as `recordState`).
 *
 * @example
 * ```ts
 * recordState(state, task, Date.now()) // "TEXT_SUCCESS"
 * ```
 */
export function recordState(state: SimulatorState, task: SimTask, now: number): unknown {
  const kind = kindOf(task);
  if (!kind) return taskPhase(task, now);
  return kind.record(viewOf(state, task, now))[kind.stateFields[0] ?? ""];
}
