// Account-wide admission over real HTTP: a burst from several callers is held back so that kie.ai (the simulator,
// enforcing the same sliding-window limit) never sees more than KIE_TASK_RATE in any window and rejects none, and
// waiting callers are served in turn, so one caller's batch does not starve another's single task.
import { beforeAll, describe, expect, it } from "vitest";
import { peakPerWindow } from "../../simulator/app";
import { TEST_PROXY_TOKENS, TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";
import { createTask, until } from "./support/tasks";

const RATE = 5;
const WINDOW_MS = 2_000;
const CAROL = "carol-token-0123456789abcdefghij";
const callers = [TEST_TOKENS.alice, TEST_TOKENS.bob, CAROL];

const stack = useStack(
  {
    PROXY_TOKENS: `${TEST_PROXY_TOKENS},carol:${CAROL}`,
    KIE_TASK_RATE: String(RATE),
    KIE_TASK_RATE_WINDOW_S: String(WINDOW_MS / 1000),
  },
  { rateLimit: 1_000_000 },
);
beforeAll(() => {
  Object.assign(stack.sim.state.taskRate, { limit: RATE, windowMs: WINDOW_MS });
  // Tasks that never finish: no callbacks, no recordInfo — only createTask reaches the simulator.
  stack.sim.state.taskSettings.durationMs = null;
});

describe("task admission", () => {
  it("keeps 30 createTask from 3 callers at once within the rate: all accepted, none rejected upstream", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => createTask(stack, callers[i % 3] ?? "")));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(new Set(answers.map((a) => a.taskId)).size).toBe(30);
    // Measured where kie.ai measures: when each createTask arrived, refused ones included.
    expect(peakPerWindow(stack.sim.state.createLog, WINDOW_MS)).toBeLessThanOrEqual(RATE);
    expect(stack.sim.state.rejectedForRate).toBe(0);
    expect(stack.sim.state.createLog).toHaveLength(30);
  });

  it("serves a second caller's single task before the first caller's batch of 20 is through", async () => {
    const sent = stack.sim.state.createLog.length;
    const finished: string[] = [];
    const send = (token: string) =>
      createTask(stack, token).then((answer) => {
        finished.push(token);
        return answer.status;
      });
    const batch = Promise.all(Array.from({ length: 20 }, () => send(TEST_TOKENS.alice)));
    // The batch is queued (its first sends have reached kie.ai) before the single task is sent.
    await until("the batch's first send", () => stack.sim.state.createLog.length > sent);
    const single = send(TEST_TOKENS.bob);
    expect([...(await batch), await single]).toEqual(Array.from({ length: 21 }, () => 200));
    const position = finished.indexOf(TEST_TOKENS.bob);
    // Round-robin: the single task goes in the window after the one it arrived in, not after all 20.
    expect(position).toBeLessThan(2 * RATE + 1);
    expect(finished.at(-1)).toBe(TEST_TOKENS.alice);
  });
});
