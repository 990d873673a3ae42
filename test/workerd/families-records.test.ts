// Every record kind's final record is kept and served again without asking kie.ai, never shows the callback
// reference kie-edge gave kie.ai, and its task is in the ledger under `<family>/<model>` at the operator's price.
import { describe, expect, it } from "vitest";
import { valueAt } from "../../src/families";
import { callOp, KIND_OPS, recordOf, startTask } from "../support/families";
import { RELAY_URL } from "../support/fixtures";
import { workerFetch } from "../support/gateway";
import { sim } from "../support/network";
import { settled } from "../support/tasks";
import { usage } from "../support/usage";

/** Each kind's task name in the ledger, as the declarations' naming rule gives it for the case's body. */
const NAMES: Record<string, string> = {
  jobs: "google/imagen4-fast",
  veo: "veo/veo3_fast",
  "suno-music": "suno/V5",
  "suno-lyrics": "suno/lyrics",
  "suno-wav": "suno/wav",
  "suno-vocal-removal": "suno/vocal-removal",
  "suno-midi": "suno/midi",
  "suno-mp4": "suno/mp4",
  "suno-cover": "suno/cover",
  "gpt4o-image": "gpt4o-image/generate",
  "flux-kontext": "flux-kontext/flux-kontext-pro",
  runway: "runway/generate",
  aleph: "aleph/generate",
  mj: "mj/mj_txt2img",
};

/** The callback URLs a record echoes, where kie.ai echoes them (`param`, `paramJson` — JSON strings — `callbackUrl`). */
const echoed = (data: unknown) =>
  ["param.callBackUrl", "paramJson.callBackUrl", "callbackUrl"].map((path) => valueAt(data, path)).filter(Boolean);
/** The secret reference in the callback URL kie-edge gave kie.ai for `taskId`. */
const refOf = (taskId: string) => sim.state.tasks[taskId]?.callBackUrl?.split("/").at(-1) ?? "no task";

describe.each(KIND_OPS)("%s", (id, kind, op) => {
  it("is served again without kie.ai, the same, with the caller's callBackUrl and never kie-edge's", async () => {
    const taskId = await startTask(op);
    sim.state.callbackFault = { kind: "drop" };
    await sim.complete(taskId);
    await settled();
    const first = await recordOf(kind.path, taskId);
    expect(first.res.headers.get("X-Cache")).toBe("MISS");
    const calls = sim.state.callsByPath[kind.path];
    const again = await recordOf(kind.path, taskId);
    expect(again.res.headers.get("X-Cache")).toBe("HIT");
    expect(sim.state.callsByPath[kind.path]).toBe(calls);
    expect(again.body).toEqual(first.body);
    expect(JSON.stringify([first.body, again.body])).not.toContain(refOf(taskId));
    // Runway's record keeps no callback URL at all.
    expect(echoed(again.body.data)).toEqual(kind.family === "runway" ? [] : [RELAY_URL]);
  });

  it(`is in the ledger as ${NAMES[id]}, at MODEL_PRICES' price, its record naming no callback`, async () => {
    const options = { env: { MODEL_PRICES: JSON.stringify({ [NAMES[id] ?? id]: 37, "*": 1 }) } };
    sim.state.sendCallback = (url, init) => workerFetch(new Request(url, init), options.env);
    sim.state.taskSettings.reportCredits = false;
    const taskId = await startTask(op, options, {});
    await sim.complete(taskId);
    await settled();
    const { body } = await recordOf(kind.path, taskId, options);
    expect(echoed(body.data)).toEqual([]);
    expect(JSON.stringify(body)).not.toContain(refOf(taskId));
    const rows = await usage("groupBy=family,model", options);
    const row = { family: kind.family, model: NAMES[id], tasks: 1, succeeded: 1, credits: 37, estimatedCredits: 37 };
    expect(rows).toContainEqual(expect.objectContaining(row));
  });
});

it("keeps style/generate's reported creditsConsumed as reported, over MODEL_PRICES", async () => {
  const options = { env: { MODEL_PRICES: JSON.stringify({ "suno/*": 99 }) } };
  sim.state.taskSettings.prices = { "suno/style": 9 };
  const { res } = await callOp("suno/style", undefined, options);
  expect(res.status).toBe(200);
  const rows = await usage("groupBy=family,model", options);
  expect(rows).toEqual([
    expect.objectContaining({ family: "suno", model: "suno/style", credits: 9, reportedCredits: 9 }),
  ]);
});
