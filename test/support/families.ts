import { Webhook } from "standardwebhooks";
import {
  type KieRecord,
  OPERATIONS,
  type Operation,
  operation,
  RECORD_KINDS,
  type RecordKind,
  resultUrls,
  valueAt,
  valuesAt,
} from "../../src/families";
import { kieSignature } from "../../src/tasks";
import { caseOf, type Parent } from "../families/cases";
import { RELAY_URL } from "./fixtures";
import { type Ask, ask } from "./gateway";
import { sim } from "./network";
import { receiver } from "./receiver";
import { settled } from "./tasks";

/** The operation `id`, which must exist. */
export function op(id: string): Operation {
  const found = operation(id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

/** Calls operation `id` through the gateway with its case's working body (or query), on `parent` if it has one. */
export function callOp(id: string, parent?: Parent, options: Ask = {}, body?: Record<string, unknown>) {
  const operation = op(id);
  const known = caseOf(id);
  const given = parent ?? { taskId: "", record: {} };
  if (operation.method === "GET") {
    const query = new URLSearchParams(known.query?.(given) ?? {});
    return ask(`${operation.path}?${query}`, options);
  }
  return ask(operation.path, { method: "POST", json: body ?? known.body?.(given) ?? {}, ...options });
}

/** The record of a task through the gateway, at its kind's path. */
export function recordOf(kindPath: string, taskId: string, options: Ask = {}) {
  return ask(`${kindPath}?taskId=${encodeURIComponent(taskId)}`, options);
}

/**
 * A finished task made by operation `id` (its own parent made and finished first): its id and final record, as
 * the caller sees them.
 */
export async function finishedTask(id: string, options: Ask = {}, body?: Record<string, unknown>): Promise<Parent> {
  const operation = op(id);
  if (!operation.record) throw new Error(`${id} makes no task`);
  const parentCase = caseOf(id).parent;
  const parent = parentCase ? await finishedTask(parentCase.op, options, parentCase.body) : undefined;
  const { res, body: created } = await callOp(id, parent, options, body);
  if (res.status !== 200) throw new Error(`${id} answered ${res.status}: ${created.msg}`);
  const taskId = (created.data as { taskId: string }).taskId;
  await settled();
  const { body: record } = await recordOf(operation.record.path, taskId, options);
  return { taskId, record: record.data as Record<string, unknown> };
}

/** The parent a follow-up `id` needs, finished (undefined for an operation that follows up on nothing). */
export async function parentOf(id: string, options: Ask = {}): Promise<Parent | undefined> {
  const parent = caseOf(id).parent;
  return parent ? finishedTask(parent.op, options, parent.body) : undefined;
}

/** Every record kind with the first operation that starts a task of it: `[kind id, kind, operation id]`. */
export const KIND_OPS: readonly (readonly [string, RecordKind, string])[] = RECORD_KINDS.map((kind) => {
  const creator = OPERATIONS.find((o) => o.record?.id === kind.id);
  if (!creator) throw new Error(`no operation makes a ${kind.id} task`);
  return [kind.id, kind, creator.id] as const;
});

/**
 * A task of operation `id` started with `extra` in its case's body (the caller's callBackUrl by default), its parent
 * made and finished first; kie.ai then holds it running until `sim.complete`. Its id.
 */
export async function startTask(
  id: string,
  options: Ask = {},
  extra: Record<string, unknown> = { callBackUrl: RELAY_URL },
): Promise<string> {
  sim.state.taskSettings.durationMs = 0;
  const parent = await parentOf(id, options);
  sim.state.taskSettings.durationMs = null;
  const body = { ...caseOf(id).body?.(parent ?? { taskId: "", record: {} }), ...extra };
  const { res, body: created } = await callOp(id, parent, options, body);
  if (res.status !== 200) throw new Error(`${id} answered ${res.status}: ${created.msg}`);
  return (created.data as { taskId: string }).taskId;
}

/** How a family's own callback, as relayed, is read: where it names the task, where its results sit. */
export interface RelayShape {
  /** The path of the task id. */
  id: string;
  /** The results a success relay carries… */
  results: (relay: unknown) => unknown[];
  /** …and the same, read from the confirmed record (default: the kind's result URLs). */
  recorded?: (record: KieRecord) => unknown[];
  /** What a success relay says besides (Suno's `callbackType`). */
  success?: Record<string, unknown>;
  /** What a failure relay's `data` holds besides the task id. */
  failed: Record<string, unknown>;
}

const at = (path: string) => (value: unknown) => valuesAt(value, path);
// The stems made (those not made are null, as kie.ai sends them).
const stems = (relay: unknown) =>
  Object.values((valueAt(relay, "data.vocal_separation_info") ?? {}) as object).filter((url) => url !== null);

/** Every record kind's relay shape, by kind id (a kind without one fails the suites that read them). */
export const RELAY_SHAPES: Record<string, RelayShape> = {
  jobs: {
    id: "data.taskId",
    results: at("data.resultJson.resultUrls[]"),
    success: { data: { state: "success" } },
    failed: { state: "fail" },
  },
  veo: { id: "data.taskId", results: at("data.info.resultUrls[]"), failed: { fallbackFlag: false } },
  "suno-music": {
    id: "data.task_id",
    results: at("data.data[].audio_url"),
    success: { data: { callbackType: "complete" } },
    failed: { callbackType: "error", data: null },
  },
  "suno-lyrics": {
    id: "data.task_id",
    results: at("data.data[].text"),
    recorded: at("response.data[].text"),
    success: { data: { callbackType: "complete" } },
    failed: { callbackType: "complete", data: null },
  },
  "suno-wav": { id: "data.task_id", results: at("data.audioWavUrl"), failed: {} },
  "suno-vocal-removal": { id: "data.task_id", results: stems, failed: {} },
  "suno-midi": {
    id: "data.task_id",
    results: at("data.instruments"),
    recorded: at("midiData.instruments"),
    success: { data: { state: "complete" } },
    failed: {},
  },
  "suno-mp4": { id: "data.task_id", results: at("data.video_url"), failed: {} },
  "suno-cover": { id: "data.taskId", results: at("data.images[]"), failed: { images: null } },
  "gpt4o-image": { id: "data.taskId", results: at("data.info.result_urls[]"), failed: { info: null } },
  "flux-kontext": { id: "data.taskId", results: at("data.info.resultImageUrl"), failed: {} },
  runway: { id: "data.task_id", results: at("data.video_url"), failed: { video_url: "" } },
  aleph: { id: "data.task_id", results: at("data.video_url"), failed: { video_url: "" } },
  mj: { id: "data.taskId", results: at("data.resultUrls[]"), failed: { resultUrls: [] } },
};

/** The relay shape of `kind`; throws for a kind nobody wrote one for. */
export function relayShape(kind: RecordKind): RelayShape {
  const shape = RELAY_SHAPES[kind.id];
  if (!shape) throw new Error(`no relay shape for record kind ${kind.id}: add one to test/support/families.ts`);
  return shape;
}

/** What a relay shows of its results, and what the confirmed `record` holds of them. */
export function relayedResults(kind: RecordKind, relay: unknown, record: KieRecord) {
  const shape = relayShape(kind);
  const sorted = (list: unknown[]) => list.map((v) => JSON.stringify(v)).sort();
  return {
    relayed: sorted(shape.results(relay)),
    recorded: sorted(shape.recorded?.(record) ?? resultUrls(kind, record)),
  };
}

/** A relay's body as the caller reads it. */
export type Relayed = { code: number; msg: string; data: Record<string, unknown> } & Record<string, unknown>;

/**
 * The relays acknowledged at the caller's callBackUrl, in order, each verified both ways with the caller's secret
 * (Standard Webhooks, and kie.ai's scheme over `taskId.timestamp`); their bodies. Throws at one that fails.
 */
export async function verifiedRelays(taskId: string, options: Ask = {}): Promise<Relayed[]> {
  const { body } = await ask("/api/v1/callbacks/secret", options);
  const { secret } = body.data as { secret: string };
  const key = Uint8Array.from(atob(secret.slice("whsec_".length)), (c) => c.charCodeAt(0));
  const relays: Relayed[] = [];
  for (const relay of receiver.relays()) {
    relays.push(new Webhook(secret).verify(relay.body, relay.headers) as Relayed);
    const expected = await kieSignature(key, taskId, relay.headers["x-webhook-timestamp"] ?? "");
    if (relay.headers["x-webhook-signature"] !== expected) throw new Error("a relay's X-Webhook-Signature fails");
  }
  return relays;
}
