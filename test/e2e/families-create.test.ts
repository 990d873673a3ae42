// Creating through kie-edge, every family (and follow-ups): kie.ai's own envelope back, kie.ai given the body
// exactly as sent but for the callback field (kie-edge's own /callbacks/kie/<ref>), and the task's record readable by
// its owner at the family's record path — showing the caller's callBackUrl, never kie-edge's. Omni answers at once.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Parent } from "../families/cases";
import { TEST_CALLBACK_KEY, TEST_KIE_KEY } from "../support/fixtures";
import * as F from "./support/families";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";

const hook = useReceiver();
// Twenty-odd creates in a few seconds: kie.ai's account-wide window (and kie-edge's) is not what this file tests.
const stack = useStack({ CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY, KIE_TASK_RATE: "100" });
const KIE_AUTH = { Authorization: `Bearer ${TEST_KIE_KEY}` };
const KIE_CALLBACK = /^http:\/\/127\.0\.0\.1:\d+\/callbacks\/kie\/[A-Za-z0-9_-]{43}$/;
const FOLLOW_UPS = ["veo/extend", "veo/get-4k-video", "suno/wav", "suno/midi", "runway/extend", "mj/upscale"];
let parents: Map<string, Parent | undefined>;
beforeAll(async () => {
  stack.sim.state.taskRate.limit = 100;
  parents = await F.parentsFor(stack, FOLLOW_UPS);
});

describe.each([...F.TASK_CREATES.map(([, id]) => id), ...FOLLOW_UPS])("%s", (id) => {
  it("answers kie.ai's envelope, sends the body as given with kie-edge's callback, and serves its owner the record", async () => {
    const sent = F.sentOf(id, parents.get(id), { callBackUrl: hook.url });
    const made = await F.callOp(stack, id, sent);
    const data = F.op(id).parent ? expect.objectContaining({ taskId: made.taskId }) : { taskId: made.taskId };
    expect([made.status, made.body]).toEqual([200, { code: 200, msg: "success", data }]);
    expect(made.taskId).not.toBe("");
    const task = stack.sim.state.tasks[made.taskId];
    expect(task?.endpoint).toBe(F.op(id).path);
    const { callBackUrl, ...rest } = task?.body ?? {};
    const { callBackUrl: _mine, ...given } = sent;
    expect(rest).toEqual(given);
    expect(callBackUrl).toMatch(KIE_CALLBACK);
    expect(String(callBackUrl).startsWith(stack.dev.url)).toBe(true);

    const kind = F.kindOf(id);
    const record = JSON.stringify(await F.finalRecord(stack, kind, made.taskId));
    expect(record).toContain(made.taskId);
    expect(record).not.toContain("/callbacks/kie/");
    // Where kie.ai's own record echoes the callback URL it was given, the owner's shows the caller's instead.
    const raw = await vi.waitFor(async () => {
      const res = await fetch(`${stack.sim.url}${kind.path}?taskId=${made.taskId}`, { headers: KIE_AUTH });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`kie.ai's record answered ${res.status}: ${text}`); // Suno's 3 a second
      return text;
    }, 5_000);
    expect(record.includes(hook.url)).toBe(raw.includes(String(callBackUrl)));
  });
});

describe("omni", () => {
  it.each(["omni/audio", "omni/character"])(
    "%s answers kie.ai's answer at once, kie.ai given the body as sent",
    async (id) => {
      const sent = F.sentOf(id);
      const before = stack.sim.state.syncResults.length;
      const made = await F.callOp(stack, id, sent);
      const answered = stack.sim.state.syncResults.slice(before);
      expect(answered.map((r) => [r.path, r.body])).toEqual([[F.op(id).path, sent]]);
      expect([made.status, made.body]).toEqual([200, expect.objectContaining({ data: answered[0]?.data })]);
      expect([0, 200]).toContain(made.body.code);
    },
  );
});
