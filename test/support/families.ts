import { type Operation, operation } from "../../src/families";
import { caseOf, type Parent } from "../families/cases";
import { type Ask, ask } from "./gateway";
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
