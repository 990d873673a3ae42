// createTask carried drop-in: kie.ai's body and answer, the server's key, and kie.ai's own refusals passed on.
import { describe, expect, it } from "vitest";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";

const BODY = { model: "seedream/4.5-edit", input: { prompt: "a fox", image_urls: ["https://x.test/a.png"] } };

describe("POST /api/v1/jobs/createTask", () => {
  it("answers kie.ai's envelope with the task id, forwarding model and input as sent", async () => {
    const { res, body } = await createTask(BODY);
    expect(res.status).toBe(200);
    expect(body).toEqual({ code: 200, msg: "success", data: { taskId: expect.stringMatching(/^task_/) } });
    const task = sim.state.tasks[(body.data as { taskId: string }).taskId];
    expect(task).toMatchObject({ model: BODY.model, input: BODY.input });
    expect(res.headers.get("X-Admission-Wait-Ms")).toMatch(/^\d+$/);
  });

  it("passes on kie.ai's 402 when the account is short, with kie.ai's message", async () => {
    sim.state.balance = 0;
    const { res, body } = await createTask(BODY);
    expect(res.status).toBe(402);
    expect(body).toMatchObject({ code: 402, data: null });
    expect(Object.keys(sim.state.tasks)).toHaveLength(0);
  });

  it("retries a send kie.ai refused for its rate limit, through admission again", async () => {
    sim.state.rules.push({ endpoint: "create-task", fault: { kind: "status", code: 429, http: 200 }, times: 1 });
    const { res } = await createTask(BODY);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Upstream-Attempts")).toBe("2");
    expect(sim.state.createLog).toHaveLength(2);
  });

  it("never repeats a send whose answer was lost: kie.ai may have made the task", async () => {
    sim.state.rules.push({ endpoint: "create-task", fault: { kind: "status", code: 500 }, times: 1 });
    const { res } = await createTask(BODY);
    expect(res.status).toBe(502);
    expect(sim.state.createLog).toHaveLength(1);
  });

  it("gives up on kie.ai's rate limit within the budget with 429 and kie.ai's Retry-After", async () => {
    sim.state.rules.push({ endpoint: "create-task", fault: { kind: "status", code: 429, retryAfter: "1" } });
    const { res } = await createTask(BODY, { env: { UPSTREAM_MAX_RETRIES: "1", UPSTREAM_BUDGET_MS: "100" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("1");
  });
});
