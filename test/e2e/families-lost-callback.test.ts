// kie.ai's callback lost, in every family: kie.ai finishes the task but never calls back, and the coordinator's
// own first look (TASK_FIRST_LOOK_S after the create) finds the outcome in the family's record and relays it to the
// caller once, in the family's own shape, signed as any relay.
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import * as F from "./support/families";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";
import { relaySecret, until } from "./support/tasks";

const hook = useReceiver();
const stack = useStack({ CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY, TASK_FIRST_LOOK_S: "1" });
let secret: string;
beforeAll(async () => {
  stack.sim.state.callbackFault = { kind: "drop" }; // every callback, while set
  secret = await relaySecret(stack, TEST_TOKENS.alice);
});

describe.each(F.TASK_CREATES)("%s", (_family, id) => {
  it("is relayed once from the coordinator's own look at the record", async () => {
    const kind = F.kindOf(id);
    const { status, taskId } = await F.callOp(stack, id, F.sentOf(id, undefined, { callBackUrl: hook.url }));
    expect(status).toBe(200);
    const polls = stack.sim.state.callsByPath[kind.path] ?? 0;
    await until("the relay", () => F.relaysFor(hook, taskId).length > 0, 15_000);
    // kie.ai called nobody back: the coordinator read the record of its own accord.
    expect(stack.sim.state.tasks[taskId]?.completedAt).toBeDefined();
    expect(stack.sim.state.callbacks.filter((c) => c.taskId === taskId)).toEqual([]);
    expect(stack.sim.state.callsByPath[kind.path] ?? 0).toBeGreaterThan(polls);
    const record = await F.finalRecord(stack, kind, taskId);
    const relays = F.relaysFor(hook, taskId).map((post) => F.verifyFamilyRelay(secret, post));
    expect(relays).toEqual([F.asSent(kind.relay(record, "success"))]);
  });
});
