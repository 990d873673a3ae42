// A createTask that would wait longer than TASK_ADMISSION_MAX_WAIT_MS for a slot in kie.ai's rate is answered 429
// at once, over real HTTP, without reaching kie.ai, and its Retry-After is truthful: sent again after that many
// seconds, it is admitted.
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";
import { createTask } from "./support/tasks";

const RATE = 5;
const MAX_WAIT_MS = 500;

const stack = useStack(
  { KIE_TASK_RATE: String(RATE), KIE_TASK_RATE_WINDOW_S: "2", TASK_ADMISSION_MAX_WAIT_MS: String(MAX_WAIT_MS) },
  { rateLimit: 1_000_000 },
);
beforeAll(() => {
  Object.assign(stack.sim.state.taskRate, { limit: RATE, windowMs: 2_000 });
  stack.sim.state.taskSettings.durationMs = null;
});

describe("admission that would wait too long", () => {
  it("is refused at once with 429 and a Retry-After after which the task is admitted", async () => {
    const first = await Promise.all(Array.from({ length: RATE }, () => createTask(stack, TEST_TOKENS.alice)));
    expect(first.map((a) => a.status)).toEqual(Array.from({ length: RATE }, () => 200));
    const arrived = stack.sim.state.createLog.length;

    const startedAt = Date.now();
    const refused = await createTask(stack, TEST_TOKENS.bob);
    expect(Date.now() - startedAt).toBeLessThan(MAX_WAIT_MS + 1_000);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 429, msg: expect.stringContaining("Retry-After") });
    const retryAfter = Number(refused.res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(stack.sim.state.createLog).toHaveLength(arrived);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    const retried = await createTask(stack, TEST_TOKENS.bob);
    expect(retried.status).toBe(200);
    expect(Number(retried.res.headers.get("X-Admission-Wait-Ms"))).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(stack.sim.state.createLog).toHaveLength(arrived + 1);
    expect(stack.sim.state.rejectedForRate).toBe(0);
  });
});
