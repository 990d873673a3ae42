// The simulator's Suno music callbacks: text → first → complete by default, the record saying the stage of each
// callback as it is sent; skipped, out of order, twice, by hand (sim.stage), or one `error`.
import { describe, expect, it } from "vitest";
import { type Harness, harness } from "../../simulator/harness";

const HOOK = "https://gateway.test/kie/suno";
const MUSIC = { prompt: "a song", customMode: false, instrumental: false, model: "V5", callBackUrl: HOOK };

/** A music task whose callbacks are logged with the record's status at the moment each arrives. */
async function music(stages?: ("text" | "first" | "complete")[]) {
  const seen: [string, string][] = [];
  const h: Harness = harness({
    sendCallback: async (_url, init) => {
      const body = JSON.parse(String(init.body));
      const record = await h.get(`/api/v1/generate/record-info?taskId=${body.data.task_id}`);
      seen.push([body.data.callbackType, record.data.status]);
      return new Response(null, { status: 200 });
    },
  });
  h.sim.state.taskSettings.durationMs = null;
  // The looks at the record taken here are not what kie.ai's per-task poll limit is about.
  h.sim.state.taskRecordRate.limit = 100;
  if (stages) h.sim.state.familySettings.sunoStages = stages;
  const { data } = await h.post("/api/v1/generate", MUSIC);
  return { h, seen, taskId: data.taskId as string };
}

describe("Suno music stages", () => {
  it("go text → first → complete, the record agreeing with each callback as it is sent", async () => {
    const { h, seen, taskId } = await music();
    h.tick(1000);
    await h.sim.complete(taskId);
    expect(seen).toEqual([
      ["text", "TEXT_SUCCESS"],
      ["first", "FIRST_SUCCESS"],
      ["complete", "SUCCESS"],
    ]);
    expect(h.sim.state.callbacks.map((c) => c.stage)).toEqual(["text", "first", "complete"]);
  });

  it("may skip text and first, go out of order, or send a stage twice", async () => {
    expect((await drive(["complete"])).map(([stage]) => stage)).toEqual(["complete"]);
    expect(await drive(["first", "text", "complete"])).toEqual([
      ["first", "FIRST_SUCCESS"],
      ["text", "TEXT_SUCCESS"],
      ["complete", "SUCCESS"],
    ]);
    expect((await drive(["text", "text", "first", "complete"])).map(([s]) => s)).toEqual([
      "text",
      "text",
      "first",
      "complete",
    ]);
    // A partial stage after completion leaves a finished record finished.
    expect(await drive(["text", "complete", "first"])).toEqual([
      ["text", "TEXT_SUCCESS"],
      ["complete", "SUCCESS"],
      ["first", "SUCCESS"],
    ]);
  });

  async function drive(stages: ("text" | "first" | "complete")[]) {
    const { h, seen, taskId } = await music(stages);
    await h.sim.complete(taskId);
    return seen;
  }

  it("move by hand with sim.stage; complete() then sends only what is left", async () => {
    const { h, seen, taskId } = await music();
    await h.sim.stage(taskId, "text");
    h.tick(1000);
    expect((await h.get(`/api/v1/generate/record-info?taskId=${taskId}`)).data.status).toBe("TEXT_SUCCESS");
    await h.sim.complete(taskId);
    expect(seen.map(([stage]) => stage)).toEqual(["text", "first", "complete"]);
    await expect(h.sim.stage("nope", "first")).rejects.toThrow("nope");
  });

  it("fail with one callback of type error, code 501, data null", async () => {
    const { h, seen, taskId } = await music();
    await h.sim.complete(taskId, "fail");
    expect(seen).toEqual([["error", "GENERATE_AUDIO_FAILED"]]);
    const record = await h.get(`/api/v1/generate/record-info?taskId=${taskId}`);
    expect(record.data).toMatchObject({ errorCode: 501, response: { sunoData: [] } });
  });
});
