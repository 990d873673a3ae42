// Every family's callback, for real: kie.ai calls kie-edge back signed, kie-edge confirms the outcome with the
// family's record and relays it once to the caller's receiver in the family's own shape, signed both ways; Suno's
// stages (text, first, complete) go out one by one, in order. A failure is relayed in the family's failure shape.
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import * as F from "./support/families";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";
import { relaySecret, until } from "./support/tasks";

const HMAC_KEY = "kie-account-webhook-hmac-key";
const hook = useReceiver();
const stack = useStack({ CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY, KIE_WEBHOOK_HMAC_KEY: HMAC_KEY });
const bench = { stack, hook } as F.RelayBench;
beforeAll(async () => {
  stack.sim.state.webhookHmacKey = HMAC_KEY;
  stack.sim.state.taskSettings.durationMs = null; // every task finishes when the test says
  bench.kieSent = F.captureCallbacks(stack);
  bench.secret = await relaySecret(stack, TEST_TOKENS.alice);
});
const shape = (bodies: F.FamilyRelay[]) => bodies.map((b) => ({ code: b.code, data: F.shapeOf(b.data) }));

describe.each(F.TASK_CREATES)("%s", (_family, id) => {
  const kind = F.kindOf(id);
  const stages = [...(kind.stages ?? []), "success"];
  type Seen = Awaited<ReturnType<typeof F.driveTask>>;
  let [ok, failed] = [{}, {}] as [Seen, Seen];
  beforeAll(async () => {
    [ok, failed] = [await F.driveTask(bench, id, stages, "success"), await F.driveTask(bench, id, ["fail"], "fail")];
  });

  it(`is called back signed and confirmed with its record at each stage (${stages})`, () => {
    // Every signed callback was taken (a refused one is 401), and the record was read after each.
    expect(ok.answered).toEqual(stages.map(() => 200));
    expect(ok.polled).toEqual(stages.map(() => true));
  });

  it("is relayed once per stage, verified both ways, the outcome as the record says it", () => {
    expect(ok.relayed.map((r) => F.relayedTaskId(r))).toEqual(stages.map(() => ok.taskId));
    if (kind.stages) expect(ok.relayed.map((r) => r.data.callbackType)).toEqual(["text", "first", "complete"]);
    expect(ok.relayed.at(-1)).toEqual(F.asSent(kind.relay(ok.record, "success")));
  });

  it("keeps every field of kie.ai's own callback, stage by stage (null ones included)", () => {
    expect(ok.kie).toHaveLength(stages.length);
    expect(shape(ok.relayed)).toEqual(shape(ok.kie));
  });

  it("relays a failure once, in the family's failure shape, with kie.ai's code", () => {
    expect([failed.answered, failed.polled]).toEqual([[200], [true]]);
    expect(failed.relayed).toEqual([F.asSent(kind.relay(failed.record, "fail"))]);
    expect(shape(failed.relayed)).toEqual(shape(failed.kie));
  });
});

describe("suno, its stages called back faster than kie-edge reads the record", () => {
  it("still relays text, first and complete, in order, once each", async () => {
    const sent = F.sentOf("suno/generate", undefined, { callBackUrl: hook.url });
    const { taskId } = await F.callOp(stack, "suno/generate", sent);
    const slow = stack.sim.state.delayByPath;
    slow["/api/v1/generate/record-info"] = 500; // the look the text callback starts sees the task complete
    await stack.sim.complete(taskId); // text, first, complete: each sent the moment kie-edge answered the last
    await until("a complete relay", () => F.relaysFor(hook, taskId).some((p) => p.body.includes('"complete"')), 10_000);
    delete slow["/api/v1/generate/record-info"];
    const relayed = F.relaysFor(hook, taskId).map((post) => F.verifyFamilyRelay(bench.secret, post));
    expect(relayed.map((r) => r.data.callbackType)).toEqual(["text", "first", "complete"]);
  });
});
