// Every family through a real `wrangler dev`: one working call of an operation (from test/families/cases.ts),
// finished tasks to follow up on, the record as its owner reads it, and relays told apart by the task id their family
// puts where it puts it (`data.taskId` or `data.task_id`).
import { createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Webhook } from "standardwebhooks";
import { vi } from "vitest";
import type { LoopbackReceiver } from "../../../scripts/lib/webhook-receiver";
import { type KieRecord, type Operation, operation, type RecordKind, readState } from "../../../src/families";
import { caseOf, type Parent } from "../../families/cases";
import { TEST_TOKENS } from "../../support/fixtures";
import { postJson, type Stack } from "./stack";
import { until } from "./tasks";

/** One create of every family, by family; Omni's helpers are answered at once and make no task. */
export const CREATES = [
  ["jobs", "jobs/createTask"],
  ["veo", "veo/generate"],
  ["suno", "suno/generate"],
  ["gpt4o-image", "gpt4o-image/generate"],
  ["flux-kontext", "flux-kontext/generate"],
  ["runway", "runway/generate"],
  ["aleph", "aleph/generate"],
  ["mj", "mj/generate"],
  ["omni", "omni/audio"],
] as const;

/** The creates that make a task (every family but Omni). */
export const TASK_CREATES = CREATES.filter(([family]) => family !== "omni");

/** An id of kie.ai's shape that no task has. */
export const UNKNOWN_ID = "0123456789abcdef0123456789abcdef";

/** The operation `id`, which must exist. */
export function op(id: string): Operation {
  const found = operation(id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

/** The record kind operation `id` makes its tasks of. */
export function kindOf(id: string): RecordKind {
  const kind = op(id).record;
  if (!kind) throw new Error(`${id} makes no task`);
  return kind;
}

/** What the gateway answered a call. */
export interface Called {
  status: number;
  body: { code: number; msg: string; data: unknown };
  /** `data.taskId`, or "". */
  taskId: string;
}

/** What a call of operation `id` sends: its case's body (or query), on `parent`, with `extra` over it. */
export function sentOf(id: string, parent?: Parent, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const known = caseOf(id);
  const given = parent ?? { taskId: "", record: {} };
  return { ...(op(id).method === "GET" ? known.query?.(given) : known.body?.(given)), ...extra };
}

/** Calls operation `id` through the gateway as `token`'s caller (alice's by default) with `sent`. */
export async function callOp(
  stack: Stack,
  id: string,
  sent: Record<string, unknown>,
  token = TEST_TOKENS.alice,
): Promise<Called> {
  const operation = op(id);
  const res =
    operation.method === "GET"
      ? await stack.ask(`${operation.path}?${new URLSearchParams(sent as Record<string, string>)}`, { token })
      : await stack.ask(operation.path, { ...postJson(sent), token });
  const text = await res.text();
  let body: Called["body"];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${id} answered HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  const data = body.data as { taskId?: unknown } | null;
  return { status: res.status, body, taskId: typeof data?.taskId === "string" ? data.taskId : "" };
}

/** A task's record as `token`'s caller reads it at its kind's path. */
export async function readRecord(stack: Stack, kind: RecordKind, taskId: string, token = TEST_TOKENS.alice) {
  const res = await stack.ask(`${kind.path}?taskId=${encodeURIComponent(taskId)}`, { token });
  const body = (await res.json()) as { code: number; msg: string; data: KieRecord | null };
  return { status: res.status, cache: res.headers.get("X-Cache"), body };
}

/** Waits, bounded, until the owner reads `taskId`'s record final (kie-edge keeps it from then on); the record. */
export async function finalRecord(stack: Stack, kind: RecordKind, taskId: string, token = TEST_TOKENS.alice) {
  return vi.waitFor(
    async () => {
      const { status, body } = await readRecord(stack, kind, taskId, token);
      const state = body.data ? readState(kind, body.data) : undefined;
      if (status !== 200 || !state || !("phase" in state) || state.phase === "running") {
        throw new Error(`${kind.id} record of ${taskId} not final: HTTP ${status} ${JSON.stringify(body)}`);
      }
      return body.data as KieRecord;
    },
    { timeout: 20_000, interval: 150 },
  );
}

/**
 * A finished task made by operation `id` as `token`'s caller — its own parent made and finished first — with
 * `body` instead of its case's when given: its id and final record, as the owner reads them.
 */
export async function finishedTask(
  stack: Stack,
  id: string,
  token = TEST_TOKENS.alice,
  body?: Record<string, unknown>,
): Promise<Parent> {
  const parentCase = caseOf(id).parent;
  const parent = parentCase ? await finishedTask(stack, parentCase.op, token, parentCase.body) : undefined;
  const made = await callOp(stack, id, body ?? sentOf(id, parent), token);
  if (made.status !== 200 || !made.taskId) throw new Error(`${id} answered ${made.status}: ${made.body.msg}`);
  return { taskId: made.taskId, record: await finalRecord(stack, kindOf(id), made.taskId, token) };
}

/**
 * The parents the follow-ups `ids` need, finished, as `token`'s caller: one task per parent operation and body, shared
 * by every follow-up that needs it. Follow-ups of nothing map to undefined.
 */
export async function parentsFor(stack: Stack, ids: readonly string[], token = TEST_TOKENS.alice) {
  const made = new Map<string, Parent>();
  const parents = new Map<string, Parent | undefined>();
  for (const id of ids) {
    const parent = caseOf(id).parent;
    const key = parent && `${parent.op} ${JSON.stringify(parent.body ?? null)}`;
    if (parent && key && !made.has(key)) made.set(key, await finishedTask(stack, parent.op, token, parent.body));
    parents.set(id, key ? made.get(key) : undefined);
  }
  return parents;
}

/** A family's callback body: the code, the message, and `data` with the task id under the family's own key. */
export interface FamilyRelay {
  code: number;
  msg: string;
  data: Record<string, unknown>;
}

/** The task id a family's callback body names: `data.taskId` (most families) or `data.task_id` (Suno, Runway). */
export function relayedTaskId(body: unknown): string {
  const data = (body as { data?: { taskId?: unknown; task_id?: unknown } } | null)?.data;
  const id = data?.taskId ?? data?.task_id;
  return typeof id === "string" ? id : "";
}

/** The posts a receiver got for `taskId`, by the id their family's shape puts in `data`. */
export function relaysFor(hook: LoopbackReceiver, taskId: string) {
  return hook.posts.filter((p) => relayedTaskId(JSON.parse(p.body)) === taskId);
}

/**
 * Checks a relay both ways with the caller's `secret` — Standard Webhooks, and kie.ai's scheme over the task id
 * the family's shape names — and answers its body, or throws if either fails.
 */
export function verifyFamilyRelay(secret: string, post: { headers: IncomingHttpHeaders; body: string }): FamilyRelay {
  const headers = Object.fromEntries(Object.entries(post.headers).map(([k, v]) => [k, String(v)]));
  const body = new Webhook(secret).verify(post.body, headers) as FamilyRelay;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const timestamp = headers["x-webhook-timestamp"] ?? "";
  const expected = createHmac("sha256", key)
    .update(`${relayedTaskId(body)}.${timestamp}`)
    .digest("base64");
  if (!relayedTaskId(body) || headers["x-webhook-signature"] !== expected) {
    throw new Error("kie.ai's X-Webhook-Signature does not verify over the relay's task id");
  }
  return body;
}

/** What kie.ai (the simulator) posted to kie-edge as a task's callbacks: the bodies, in order, for every task. */
export function captureCallbacks(stack: Stack): { taskId: string; body: FamilyRelay }[] {
  const sent: { taskId: string; body: FamilyRelay }[] = [];
  stack.sim.state.sendCallback = (url, init) => {
    const body = JSON.parse(String(init.body)) as FamilyRelay;
    sent.push({ taskId: relayedTaskId(body) || String((body as { taskId?: unknown }).taskId ?? ""), body });
    return fetch(url, init);
  };
  return sent;
}

/** A value as JSON carries it: keys holding undefined are gone. */
export function asSent<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The shape of a JSON value: every leaf by its type (null kept as null), arrays by their first element's shape. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}

/** Where a relay flow runs: the stack, the caller's receiver and relay secret, and kie.ai's callbacks as captured. */
export interface RelayBench {
  stack: Stack;
  hook: LoopbackReceiver;
  secret: string;
  kieSent: { taskId: string; body: FamilyRelay }[];
}

/**
 * Makes a task of operation `id` with the receiver as its callBackUrl and drives it through `steps` — Suno music's
 * partial stages, then the outcome — waiting for each step's relay (tasks must not finish by themselves). Answers
 * what each side saw: whether the record was read after each callback, how kie-edge answered kie.ai's callbacks,
 * kie.ai's callback bodies, the relays (verified both ways) and the final record.
 */
export async function driveTask(bench: RelayBench, id: string, steps: string[], outcome: "success" | "fail") {
  const { stack, hook, secret, kieSent } = bench;
  const kind = kindOf(id);
  const { taskId } = await callOp(stack, id, sentOf(id, undefined, { callBackUrl: hook.url }));
  const polled: boolean[] = [];
  for (const [i, step] of steps.entries()) {
    const polls = stack.sim.state.callsByPath[kind.path] ?? 0;
    const last = i === steps.length - 1;
    await (last ? stack.sim.complete(taskId, outcome) : stack.sim.stage(taskId, step as "text" | "first"));
    await until(`the ${step} relay`, () => relaysFor(hook, taskId).length > i);
    polled.push((stack.sim.state.callsByPath[kind.path] ?? 0) > polls);
  }
  await stack.sim.settle();
  const answered = stack.sim.state.callbacks.filter((c) => c.taskId === taskId).map((c) => c.status);
  const kie = kieSent.filter((s) => s.taskId === taskId).map((s) => s.body);
  const relayed = relaysFor(hook, taskId).map((post) => verifyFamilyRelay(secret, post));
  return { taskId, polled, answered, kie, relayed, record: await finalRecord(stack, kind, taskId) };
}
