// Every operation of every family kie-edge carries answers on kie.ai's own path with kie.ai's own envelope, from a
// working body as kie.ai documents it — and every operation has a case, so a family carried without tests fails.
import { describe, expect, it } from "vitest";
import { OPERATIONS, RECORD_KINDS } from "../../src/families";
import { CASES } from "../families/cases";
import { callOp, parentOf } from "../support/families";
import { settled } from "../support/tasks";

describe("the families' declarations", () => {
  it("each have a test case, and every case is a declared operation", () => {
    expect(Object.keys(CASES).sort()).toEqual(OPERATIONS.map((op) => op.id).sort());
  });

  it("each record kind is reached by some operation", () => {
    const reached = new Set(OPERATIONS.flatMap((op) => (op.record ? [op.record.id] : [])));
    expect(RECORD_KINDS.filter((kind) => !reached.has(kind.id))).toEqual([]);
  });
});

describe.each(OPERATIONS.map((op) => [op.id, op] as const))("%s", (id, operation) => {
  it(`answers ${operation.method} ${operation.path} with kie.ai's envelope`, async () => {
    const parent = await parentOf(id);
    await settled();
    // The 1080P video says "processing" for its first asks, as kie.ai's does.
    let answer = await callOp(id, parent);
    for (let i = 0; answer.res.status === 400 && i < 3; i++) answer = await callOp(id, parent);
    expect(answer.res.status).toBe(200);
    expect([0, 200]).toContain(answer.body.code);
    if (operation.record) expect(answer.body.data).toMatchObject({ taskId: expect.any(String) });
  });
});
