// A task through the real wrangler dev and the simulator: kie.ai calls the gateway back (signed with the account's
// webhook HMAC key), the gateway confirms the outcome and relays it once to the caller's own receiver, signed so
// that both Standard Webhooks and kie.ai's scheme verify; the record is the owner's alone; the result downloads.
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import { useReceiver } from "./support/receiver";
import { postJson, useStack } from "./support/stack";
import { createTask, postsFor, relaySecret, until, verifyRelay } from "./support/tasks";

const HMAC_KEY = "kie-account-webhook-hmac-key";
const hook = useReceiver();

const stack = useStack({ CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY, KIE_WEBHOOK_HMAC_KEY: HMAC_KEY });
beforeAll(() => {
  stack.sim.state.webhookHmacKey = HMAC_KEY;
  stack.sim.state.taskSettings.durationMs = 300;
});
const record = (taskId: string, token: string) => stack.ask(`/api/v1/jobs/recordInfo?taskId=${taskId}`, { token });

describe("a task from createTask to the caller's receiver", () => {
  it("is relayed once, signed both ways, with the confirmed state and result URLs", async () => {
    const { status, taskId } = await createTask(stack, TEST_TOKENS.alice, { callBackUrl: hook.url });
    expect(status).toBe(200);
    await until("the relay", () => postsFor(hook, taskId).length > 0);
    expect(stack.sim.state.callbacks.filter((c) => c.taskId === taskId).map((c) => c.status)).toEqual([200]);
    const [post, ...more] = postsFor(hook, taskId);
    expect(more).toEqual([]);
    const relayed = verifyRelay(await relaySecret(stack, TEST_TOKENS.alice), post as (typeof hook.posts)[0]);
    expect(relayed).toMatchObject({ code: 200, data: { taskId, state: "success" } });
    const urls = JSON.parse(relayed.data.resultJson).resultUrls as string[];
    expect(urls).toEqual([`https://tempfile.aiquickdraw.com/tasks/${taskId}/0.png`]);

    const mine = (await (await record(taskId, TEST_TOKENS.alice)).json()) as typeof relayed;
    expect(mine.data).toMatchObject({ taskId, state: "success", resultJson: relayed.data.resultJson });
    expect(JSON.parse(mine.data.param).callBackUrl).toBe(hook.url);
    expect(JSON.stringify(mine)).not.toContain("/callbacks/kie/");

    const link = await stack.ask("/api/v1/common/download-url", postJson({ url: urls[0] }));
    const file = await fetch(((await link.json()) as { data: string }).data);
    expect([link.status, file.status, (await file.arrayBuffer()).byteLength]).toEqual([200, 200, 1024]);
    const streamed = await stack.ask(`/api/v1/common/download?url=${encodeURIComponent(urls[0] as string)}`);
    expect([streamed.status, (await streamed.arrayBuffer()).byteLength]).toEqual([200, 1024]);
  });

  it("answers another caller's recordInfo exactly as an unknown task's", async () => {
    const { taskId } = await createTask(stack, TEST_TOKENS.alice);
    const theirs = await record(taskId, TEST_TOKENS.bob);
    const unknown = await record("task_0123456789abcdef0123456789abcdef", TEST_TOKENS.bob);
    expect(theirs.status).toBe(404);
    expect([theirs.status, await theirs.json()]).toEqual([unknown.status, await unknown.json()]);
  });

  it("refuses a callback whose signature does not verify with 401, and relays nothing for it", async () => {
    await stack.sim.settle(); // earlier tasks' callbacks are answered: the fault is this task's
    stack.sim.state.callbackFault = { kind: "bad-signature", times: 1 };
    const forged = await createTask(stack, TEST_TOKENS.alice, { callBackUrl: hook.url });
    await stack.sim.settle();
    expect(stack.sim.state.callbacks.filter((c) => c.taskId === forged.taskId)).toMatchObject([
      { status: 401, kind: "bad-signature" },
    ]);
    // A well-signed task after it is relayed: the refused one, sent earlier, had its chance to be relayed too.
    const good = await createTask(stack, TEST_TOKENS.alice, { callBackUrl: hook.url });
    await until("the next task's relay", () => postsFor(hook, good.taskId).length > 0);
    expect(postsFor(hook, forged.taskId)).toEqual([]);
  });
});
