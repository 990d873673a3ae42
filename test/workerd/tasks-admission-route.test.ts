// Admission as a caller meets it: past the account's task rate, a createTask whose wait would be over
// TASK_ADMISSION_MAX_WAIT_MS is refused at once, 429 with a Retry-After, and kie.ai never sees it.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";

const env = { KIE_TASK_RATE: "2", KIE_TASK_RATE_WINDOW_S: "60", TASK_ADMISSION_MAX_WAIT_MS: "0" };
const task = { model: "google/imagen4-fast", input: { prompt: "a fox" } };

describe("admission through createTask", () => {
  it("admits the rate, then refuses the next caller with 429 and when to come back", async () => {
    const first = await createTask(task, { env });
    const second = await createTask(task, { env, token: TEST_TOKENS.bob });
    expect([first.res.status, second.res.status]).toEqual([200, 200]);

    const refused = await createTask(task, { env, token: TEST_TOKENS.bob });
    expect(refused.res.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 429, data: null });
    const retryAfter = Number(refused.res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sim.state.calls["create-task"]).toBe(2);
  });
});
