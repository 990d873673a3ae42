// CALLER_POLICIES in every family: a task's name is the Market model id as sent (with or without a slash), else
// `<family>/<model>` or `<family>/<operation>`; patterns allow a prefix. What a policy allows goes to kie.ai; the
// rest is refused 403 naming the caller and the model, and kie.ai is never asked.
import { beforeAll, describe, expect, it } from "vitest";
import type { Parent } from "../families/cases";
import { TEST_TOKENS } from "../support/fixtures";
import * as F from "./support/families";
import { usageRows } from "./support/ledger";
import { useStack } from "./support/stack";

const models = ["veo/*", "nano-banana*", "suno/wav", "suno/V5"]; // suno/V5 makes the WAV case's parent
const stack = useStack({ CALLER_POLICIES: JSON.stringify({ alice: { models } }) });

// [operation, body fields over its case's, the task's name, allowed]
const CASES: [string, Record<string, unknown>, string, boolean][] = [
  ["jobs/createTask", { model: "nano-banana-2" }, "nano-banana-2", true],
  ["jobs/createTask", { model: "nano-banana-pro" }, "nano-banana-pro", true],
  ["jobs/createTask", {}, "google/imagen4-fast", false],
  ["veo/generate", {}, "veo/veo3_fast", true],
  ["veo/generate", { model: "veo3" }, "veo/veo3", true],
  ["veo/extend", {}, "veo/fast", true],
  ["veo/get-4k-video", {}, "veo/get-4k-video", true],
  ["suno/wav", {}, "suno/wav", true],
  ["suno/generate", { model: "V4_5" }, "suno/V4_5", false],
  ["suno/vocal-removal", {}, "suno/vocal-removal", false],
  ["gpt4o-image/generate", {}, "gpt4o-image/generate", false],
  ["flux-kontext/generate", {}, "flux-kontext/flux-kontext-pro", false],
  ["runway/generate", {}, "runway/generate", false],
  ["aleph/generate", {}, "aleph/generate", false],
  ["mj/generate", {}, "mj/mj_txt2img", false],
  ["omni/audio", {}, "omni/audio", false],
];
let parents: Map<string, Parent | undefined>;
beforeAll(async () => {
  parents = await F.parentsFor(
    stack,
    CASES.map(([id]) => id),
  );
});

describe.each(CASES)("%s %j (%s)", (id, extra, name, allowed) => {
  it(allowed ? "goes to kie.ai" : "is refused 403 naming the model, and kie.ai is not asked", async () => {
    const path = F.op(id).path;
    const before = stack.sim.state.callsByPath[path] ?? 0;
    const { status, body } = await F.callOp(stack, id, F.sentOf(id, parents.get(id), extra));
    if (allowed) {
      expect([status, body.code]).toEqual([200, 200]);
      expect(stack.sim.state.callsByPath[path]).toBe(before + 1);
    } else {
      expect([status, body.msg]).toEqual([
        403,
        `caller 'alice' may not use model '${name}' (CALLER_POLICIES, or its key's scope)`,
      ]);
      expect(stack.sim.state.callsByPath[path] ?? 0).toBe(before);
    }
  });
});

describe("the ledger", () => {
  it("has every allowed call under the name the policy matched, and no refused one", async () => {
    const rows = await usageRows(stack, TEST_TOKENS.alice, "groupBy=model");
    const allowed = CASES.filter(([, , , ok]) => ok).map(([, , name]) => name);
    expect(rows.map((r) => r.model)).toEqual([...new Set([...allowed, "suno/V5"])].sort());
  });
});
