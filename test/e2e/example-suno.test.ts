// examples/suno.ts run for real against wrangler dev and the simulator: a track generated, each stage printed as
// kie-edge relays it (verified), or the record polled; both tracks saved from kie-edge's archive, which copied them
// the moment the task succeeded.
import { execFile } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";

const stack = useStack({ UPSTREAM_BACKOFF_MS: "1", CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY, ARCHIVING: "on" });
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "examples/suno.ts", "--timeout", "30", ...args], {
    env: { ...process.env, KIE_EDGE_URL: stack.dev.url, KIE_EDGE_TOKEN: TEST_TOKENS.alice },
  });

beforeEach(() => {
  stack.sim.reset();
  Object.assign(stack.sim.state.taskSettings, { waitingMs: 200, durationMs: 700 });
});

describe("examples/suno.ts", () => {
  it("prints each stage as kie-edge relays it, in order, then saves both tracks from the archive", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kie-edge-suno-"));
    const { stdout } = await run(["a calm piano piece", dir, "--callback-port", "0"]);
    const stages = [...stdout.matchAll(/stage (\w+):/g)].map((m) => m[1]);
    expect(stages).toEqual(["text", "first", "complete"]);
    expect(stdout).toContain("from kie-edge's archive");
    expect((await readdir(dir)).sort()).toHaveLength(2);
  });

  it("polls the record when no callback port is given", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kie-edge-suno-"));
    const { stdout } = await run(["a calm piano piece", dir]);
    expect(stdout).toMatch(/task \w+: SUCCESS/);
    expect(stdout).toContain("from kie-edge's archive");
  });
});
