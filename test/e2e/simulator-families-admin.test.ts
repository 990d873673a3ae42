// The simulator's `/__sim` controls for the families, as an out-of-process driver uses them: family settings, Suno
// stages, completion, retention, the per-task poll limit, and the task list with each record's state.
import { describe, expect, it } from "vitest";
import { harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/cb";
const MUSIC = { prompt: "s", customMode: false, instrumental: true, model: "V5", callBackUrl: HOOK };

function driver() {
  const h = harness();
  const admin = async (path: string, body: unknown = {}) => {
    const init = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const res = await h.sim.app.fetch(new Request(`http://sim.test/__sim/${path}`, init));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { familySettings?: unknown } };
  };
  const tasks = async () =>
    (await (await h.sim.app.fetch(new Request("http://sim.test/__sim/tasks"))).json()) as Record<string, unknown>[];
  return { h, admin, tasks };
}

describe("/__sim for the families", () => {
  it("family-settings merges, maps key by key (null removes one); task-settings still sets the clock", async () => {
    const { h, admin } = driver();
    await admin("family-settings", { veo4kTaskId: "same", recordFault: { veo: "missing-state", mj: "unknown-state" } });
    const { body } = await admin("family-settings", { recordFault: { veo: null }, failure: { suno: { code: 531 } } });
    expect(body.familySettings).toMatchObject({
      veo4kTaskId: "same",
      veo1080pProcessingCalls: 2,
      recordFault: { mj: "unknown-state" },
      failure: { suno: { code: 531 } },
    });
    expect(h.sim.state.familySettings.recordFault).toEqual({ mj: "unknown-state" });
  });

  it("stage and complete a Suno task, answering after its callbacks; tasks lists family, record and recordState", async () => {
    const { h, admin, tasks } = driver();
    await admin("task-settings", { durationMs: null });
    const { data } = await h.post("/api/v1/generate", MUSIC);
    expect((await admin("stage", { taskId: data.taskId, stage: "first" })).body).toMatchObject({ stages: ["first"] });
    expect(await tasks()).toMatchObject([
      {
        taskId: data.taskId,
        family: "suno",
        record: "suno-music",
        recordPath: "/api/v1/generate/record-info",
        state: "generating",
        recordState: "FIRST_SUCCESS",
        body: MUSIC,
        callBackUrl: HOOK,
        model: "V5",
      },
    ]);
    await admin("complete", { taskId: data.taskId });
    // The stage sent by hand, then what the plan (text, first, complete) still has.
    expect(h.sent.map((s) => s.body.data.callbackType)).toEqual(["first", "text", "complete"]);
    expect((await admin("stage", { taskId: data.taskId, stage: "last" })).status).toBe(404);
  });

  it("forget-files, task-record-rate and delay by family reach the state", async () => {
    const { h, admin } = driver();
    const { data } = await h.post("/api/v1/gpt4o-image/generate", { size: "1:1", prompt: "p" });
    await h.sim.settle();
    await admin("forget-files", { taskId: data.taskId });
    expect(h.sim.state.forgottenFiles).toEqual([`/gpt4o-image/${data.taskId}/`]);
    await admin("task-record-rate", { limit: 1 });
    const poll = () => h.call(`/api/v1/gpt4o-image/record-info?taskId=${data.taskId}`);
    expect([(await poll()).status, (await poll()).status]).toEqual([200, 429]);
    await admin("delay", { endpoint: "suno", ms: 5 });
    expect([h.sim.state.delayByPath, h.sim.state.delayMs.credit]).toEqual([{ suno: 5 }, 0]);
  });
});
