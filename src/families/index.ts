import { fluxKontext, gpt4oImage, imageDocs } from "./images";
import { jobs, jobsDocs } from "./jobs";
import { mj, mjDocs } from "./mj";
import { omni, omniDocs } from "./omni";
import { suno, sunoDocs } from "./suno";
import { sunoRecordDocs } from "./suno-records";
import type { Family, FamilyDocs, Operation, RecordKind } from "./types";
import { veo, veoDocs } from "./veo";
import { aleph, runway, videoDocs } from "./video";

export { creditsAt, type ReadState, readState, resultUrls, textAt, valueAt, valuesAt } from "./read";
export type {
  Family,
  FamilyDocs,
  FamilyName,
  KieRecord,
  Operation,
  ParentRef,
  Phase,
  RecordKind,
  RelayStage,
} from "./types";

/**
 * Every kie.ai family kie-edge carries, as declarations: the routes, the task pipeline, the ledger's names, the
 * OpenAPI document and the endpoint reference are all made from this list.
 */
export const FAMILIES = [
  jobs,
  veo,
  suno,
  gpt4oImage,
  fluxKontext,
  runway,
  aleph,
  mj,
  omni,
] as const satisfies readonly Family[];

/** Every operation of every family. */
export const OPERATIONS: readonly Operation[] = FAMILIES.flatMap((f): readonly Operation[] => f.operations);

/** Every record kind of every family. */
export const RECORD_KINDS: readonly RecordKind[] = FAMILIES.flatMap((f): readonly RecordKind[] => f.kinds);

const byOpId = new Map(OPERATIONS.map((op) => [op.id, op]));
const byKindId = new Map(RECORD_KINDS.map((kind) => [kind.id, kind]));

/** The operation with this id, or undefined. */
export function operation(id: string): Operation | undefined {
  return byOpId.get(id);
}

/** The record kind with this id, or undefined. */
export function recordKind(id: string): RecordKind | undefined {
  return byKindId.get(id);
}

/** kie.ai's model ids, with or without a slash: 1–128 of A-Z a-z 0-9 . _ - / : */
export const MODEL_ID = /^[A-Za-z0-9._\-/:]{1,128}$/;

/**
 * A task's name in policies, prices, the ledger and usage: a Market task's model id as sent; else
 * `<family>/<model>` from the body's model field (or kie.ai's default for it), or `<family>/<operation>` where the
 * operation names no model. Undefined when the body's model field breaks the model-id rule.
 *
 * @example
 * ```ts
 * taskName(operation("veo/generate"), { prompt: "…" }) // "veo/veo3_fast"
 * taskName(operation("suno/wav"), { taskId: "…" }) // "suno/wav"
 * ```
 */
export function taskName(op: Operation, body: Record<string, unknown>): string | undefined {
  const given = op.model ? body[op.model.field] : undefined;
  if (given !== undefined && (typeof given !== "string" || !MODEL_ID.test(given))) return undefined;
  const model = given ?? op.model?.default;
  if (op.family === "jobs") return model;
  return `${op.family}/${model ?? op.name}`;
}

/**
 * What the reference says of every operation and record kind, by id (a function, so the Worker, which never asks,
 * carries none of the text).
 *
 * @example
 * ```ts
 * familyDocs()["veo/generate"]?.summary // "Generate a video (…)"
 * ```
 */
export function familyDocs(): FamilyDocs {
  return {
    ...jobsDocs,
    ...veoDocs,
    ...sunoDocs,
    ...sunoRecordDocs,
    ...imageDocs,
    ...videoDocs,
    ...mjDocs,
    ...omniDocs,
  };
}
