// The caller's receiver has a bad minute, for real: it answers 500 to every relay of a finished task, through
// more than one delivery round; once it is back, the coordinator's alarm delivers the relay exactly once, with the
// same webhook-id as every refused attempt, still verifiable with the caller's secret.
import { beforeAll, describe, expect, it } from "vitest";
import { ATTEMPTS_PER_RUN } from "../../src/net/post";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";
import { createTask, postsFor, relaySecret, until, verifyRelay } from "./support/tasks";

const hook = useReceiver();

// Relays share the alert webhook's patience: a millisecond between attempts, a second before the next round.
const stack = useStack({
  CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY,
  ALERT_RETRY_BACKOFF_MS: "1",
  ALERT_REDELIVER_SECONDS: "1",
});
beforeAll(() => {
  stack.sim.state.taskSettings.durationMs = 200;
});

describe("a relay while the caller's receiver is down", () => {
  it("is delivered once after the outage, with the id of every refused attempt", async () => {
    hook.status = 500;
    const { status, taskId } = await createTask(stack, TEST_TOKENS.alice, { callBackUrl: hook.url });
    expect(status).toBe(200);
    // Two rounds refused: the second came from the coordinator's alarm, not from kie.ai's callback.
    await until("two refused rounds", () => postsFor(hook, taskId).length >= 2 * ATTEMPTS_PER_RUN);
    hook.status = 200;
    await until("the delivery", () => postsFor(hook, taskId).some((p) => p.status === 200));

    const posts = postsFor(hook, taskId);
    expect(posts.filter((p) => p.status === 200)).toHaveLength(1);
    expect(posts.at(-1)?.status).toBe(200);
    expect(new Set(posts.map((p) => p.headers["webhook-id"])).size).toBe(1);
    const relayed = verifyRelay(await relaySecret(stack, TEST_TOKENS.alice), posts.at(-1) as (typeof posts)[0]);
    expect(relayed).toMatchObject({ code: 200, data: { taskId, state: "success" } });
    expect(stack.sim.state.callbacks.filter((c) => c.taskId === taskId)).toHaveLength(1);

    // Acknowledged means done: a task finished after it is relayed on its own, and the first is not sent again.
    const next = await createTask(stack, TEST_TOKENS.alice, { callBackUrl: hook.url });
    await until("the next task's relay", () => postsFor(hook, next.taskId).length > 0);
    expect(postsFor(hook, taskId)).toHaveLength(posts.length);
  });
});
