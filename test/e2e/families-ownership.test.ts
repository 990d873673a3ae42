// A task is its owner's alone, in every family: another caller polling it, or following up on it, is answered
// exactly as for an id no task has (404, same message) and nothing reaches kie.ai; the owner following up on a task
// of another family gets 422, and nothing reaches kie.ai either.
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/families";
import { caseOf, type Parent } from "../families/cases";
import { TEST_TOKENS } from "../support/fixtures";
import * as F from "./support/families";
import { useStack } from "./support/stack";

const stack = useStack();
const { bob } = TEST_TOKENS;
const FOLLOW_UPS = OPERATIONS.filter((op) => op.parent).map((op) => [op.id, op] as const);
/** Alice's finished tasks, by the operation and body that made them: one per create, and every follow-up's parent. */
const mine = new Map<string, Parent>();
const keyOf = (made: { op: string; body?: unknown }) => `${made.op} ${JSON.stringify(made.body ?? null)}`;
const parentOf = (id: string) => mine.get(keyOf(caseOf(id).parent ?? { op: id })) as Parent;

beforeAll(async () => {
  const wanted: { op: string; body?: Record<string, unknown> }[] = [
    ...F.TASK_CREATES.map(([, op]) => ({ op })),
    ...FOLLOW_UPS.map(([id]) => caseOf(id).parent ?? { op: id }),
  ];
  for (const made of wanted) {
    if (!mine.has(keyOf(made))) mine.set(keyOf(made), await F.finishedTask(stack, made.op, undefined, made.body));
  }
}, 60_000);

/** What kie.ai has been asked at `path`, so far. */
const calls = (path: string) => stack.sim.state.callsByPath[path] ?? 0;
const answer = ({ status, body }: { status: number; body: unknown }) => ({ status, body });

describe.each(F.TASK_CREATES)("%s", (_family, id) => {
  it("answers another caller's poll exactly as an unknown id's, and asks kie.ai nothing", async () => {
    const kind = F.kindOf(id);
    const before = calls(kind.path);
    const theirs = answer(await F.readRecord(stack, kind, parentOf(id).taskId, bob));
    const unknown = answer(await F.readRecord(stack, kind, F.UNKNOWN_ID, bob));
    expect(theirs.status).toBe(404);
    expect(theirs).toEqual(unknown);
    expect(calls(kind.path)).toBe(before);
  });
});

describe.each(FOLLOW_UPS)("%s", (id, op) => {
  it("answers another caller naming the owner's task exactly as an unknown id, and sends kie.ai nothing", async () => {
    const before = calls(op.path);
    const sent = F.sentOf(id, parentOf(id));
    const theirs = answer(await F.callOp(stack, id, sent, bob));
    const unknown = answer(await F.callOp(stack, id, { ...sent, [op.parent?.field ?? ""]: F.UNKNOWN_ID }, bob));
    expect(theirs.status).toBe(404);
    expect(theirs).toEqual(unknown);
    expect(calls(op.path)).toBe(before);
  });
});

// A Suno track (audioId) is an item only music tasks have: no task of another family can be named by one.
describe.each(FOLLOW_UPS.filter(([, op]) => !op.parent?.item))("%s on a task of another family", (id, op) => {
  it("answers the owner 422 naming the kinds it follows up on (another caller 404), sending kie.ai nothing", async () => {
    const other = parentOf(op.family === "veo" ? "runway/generate" : "veo/generate");
    const before = calls(op.path);
    const sent = { ...F.sentOf(id, parentOf(id)), [op.parent?.field ?? ""]: other.taskId };
    const wrong = await F.callOp(stack, id, sent);
    expect([wrong.status, wrong.body.msg]).toEqual([422, expect.stringContaining(`follows up on ${op.parent?.kinds}`)]);
    // To another caller the same call tells nothing: the task is as unknown as any.
    const theirs = answer(await F.callOp(stack, id, sent, bob));
    expect(theirs).toEqual(answer(await F.callOp(stack, id, { ...sent, [op.parent?.field ?? ""]: F.UNKNOWN_ID }, bob)));
    expect(calls(op.path)).toBe(before);
  });
});
