// A finished task of every family, and follow-ups: its final record is served again from kie-edge (X-Cache: HIT)
// without asking kie.ai, and the ledger has it under its family and `<family>/<model>` name, priced by MODEL_PRICES
// where kie.ai reports no credits (the Market reports its own, which wins).
import { beforeAll, describe, expect, it } from "vitest";
import type { Parent } from "../families/cases";
import { TEST_TOKENS } from "../support/fixtures";
import * as F from "./support/families";
import { untilSettled, usageRows } from "./support/ledger";
import { useStack } from "./support/stack";

const PRICES = { "google/*": 4, "veo/*": 60, "suno/V5": 12, "suno/wav": 2, "gpt4o-image/*": 6, "flux-kontext/*": 5 };
const MORE_PRICES = { "runway/generate": 20, "runway/*": 25, "aleph/*": 110, "mj/*": 8, "omni/*": 3, "*": 1 };
const stack = useStack({ MODEL_PRICES: JSON.stringify({ ...PRICES, ...MORE_PRICES }) });

// [operation, the create it follows up on, its name in the ledger, its credits there, where they came from]
const TASKS: [string, string | null, string, number, "reported" | "estimated"][] = [
  ["jobs/createTask", null, "google/imagen4-fast", 3, "reported"],
  ["veo/generate", null, "veo/veo3_fast", 60, "estimated"],
  ["veo/extend", "veo/generate", "veo/fast", 60, "estimated"],
  ["suno/generate", null, "suno/V5", 12, "estimated"],
  ["suno/wav", "suno/generate", "suno/wav", 2, "estimated"],
  ["gpt4o-image/generate", null, "gpt4o-image/generate", 6, "estimated"],
  ["flux-kontext/generate", null, "flux-kontext/flux-kontext-pro", 5, "estimated"],
  ["runway/generate", null, "runway/generate", 20, "estimated"],
  ["runway/extend", "runway/generate", "runway/extend", 25, "estimated"],
  ["aleph/generate", null, "aleph/generate", 110, "estimated"],
  ["mj/generate", null, "mj/mj_txt2img", 8, "estimated"],
  ["mj/upscale", "mj/generate", "mj/upscale", 8, "estimated"],
  ["omni/audio", null, "omni/audio", 3, "estimated"],
];
const made = new Map<string, Parent>();
beforeAll(async () => {
  stack.sim.state.taskSettings.prices = { "google/imagen4-fast": 3, "*": 1 }; // what kie.ai reports for the Market
  for (const [id, parent] of TASKS) {
    const { status, taskId } = await F.callOp(stack, id, F.sentOf(id, parent ? made.get(parent) : undefined));
    if (status !== 200) throw new Error(`${id} answered ${status}`);
    if (F.op(id).record) made.set(id, { taskId, record: await F.finalRecord(stack, F.kindOf(id), taskId) });
  }
  await untilSettled(stack, TEST_TOKENS.alice, TASKS.length);
}, 60_000);

describe.each(TASKS.filter(([id]) => F.op(id).record))("%s", (id) => {
  it("serves its final record again from kie-edge, asking kie.ai nothing", async () => {
    const kind = F.kindOf(id);
    const { taskId, record } = made.get(id) as Parent;
    const before = stack.sim.state.callsByPath[kind.path];
    const again = await F.readRecord(stack, kind, taskId);
    expect([again.status, again.cache, again.body.code, again.body.data]).toEqual([200, "HIT", 200, record]);
    expect(stack.sim.state.callsByPath[kind.path]).toBe(before);
  });
});

describe.each(TASKS)("%s", (id, _parent, name, credits, source) => {
  it(`is in the ledger under ${F.op(id).family} and ${name}: ${credits} credits, ${source}`, async () => {
    const rows = await usageRows(stack, TEST_TOKENS.alice, "groupBy=family,model");
    const mine = rows.filter((r) => r.model === name);
    const by = source === "reported" ? "reportedCredits" : "estimatedCredits";
    expect(mine).toEqual([
      expect.objectContaining({ family: F.op(id).family, tasks: 1, succeeded: 1, inFlight: 0, credits, [by]: credits }),
    ]);
  });
});
