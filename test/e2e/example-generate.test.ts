// examples/generate.ts run for real against wrangler dev and the simulator: a task created, waited for by polling
// and by a signed relayed callback, its result streamed to disk byte for byte through /download (archiving is off
// here: the example falls back to it); and a failed task's failMsg.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { fileBytes } from "../../simulator/app";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";

const MODEL = "google/imagen4-fast";
const stack = useStack({ UPSTREAM_BACKOFF_MS: "1", CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY });
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "examples/generate.ts", "--timeout", "20", ...args], {
    env: { ...process.env, KIE_EDGE_URL: stack.dev.url, KIE_EDGE_TOKEN: TEST_TOKENS.alice },
  });
const outDir = () => mkdtemp(join(tmpdir(), "kie-edge-generate-"));

/** The one file the script wrote, checked against what the simulator serves for a result (1 KiB by default). */
async function expectResult(dir: string, taskId: string) {
  const files = await readdir(dir);
  expect(files).toEqual([`${taskId}-0.png`]);
  const served = new Uint8Array(await fileBytes(0, 1024).arrayBuffer());
  expect(new Uint8Array(await readFile(join(dir, files[0] ?? "")))).toEqual(served);
}

const createdId = (stdout: string) => /task (task_\w+) created/.exec(stdout)?.[1] ?? "";

beforeEach(() => {
  stack.sim.reset();
  Object.assign(stack.sim.state.taskSettings, { waitingMs: 200, durationMs: 700 });
});

describe("examples/generate.ts", () => {
  it("polls recordInfo until success, then downloads the result byte for byte", async () => {
    const dir = await outDir();
    const { stdout } = await run([MODEL, "a red fox in the snow", dir]);
    const taskId = createdId(stdout);
    expect(stdout).toContain(`task ${taskId}: waiting`);
    expect(stdout).toContain(`task ${taskId}: success`);
    expect(stdout).toContain("saved 1/1");
    expect(stdout).toContain("(through /download)");
    expect(stack.sim.state.tasks[taskId]?.input).toEqual({ prompt: "a red fox in the snow" });
    await expectResult(dir, taskId);
  });

  it("waits for the verified relay of the callback instead, then downloads", async () => {
    const dir = await outDir();
    const { stdout, stderr } = await run([MODEL, '{"prompt":"a cat","n":1}', dir, "--callback-port", "0"]);
    const taskId = createdId(stdout);
    expect(stdout).toMatch(/callBackUrl http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout).toMatch(/callback: verified relay msg_\w+/);
    expect(stdout).not.toContain(`task ${taskId}: waiting`); // no polling
    expect(stdout).toContain("saved 1/1");
    expect(stderr).toBe("");
    expect(stack.sim.state.tasks[taskId]?.input).toEqual({ prompt: "a cat", n: 1 });
    await expectResult(dir, taskId);
  });

  it.each([[[]], [["--callback-port", "0"]]])(
    "exits non-zero with the failMsg when the task fails %j",
    async (extra) => {
      Object.assign(stack.sim.state.taskSettings, { outcome: "fail", failMsg: "content policy violation" });
      const dir = await outDir();
      const failure = await run([MODEL, "a fox", dir, ...extra]).catch((e: { code: number; stderr: string }) => e);
      expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining("failed: content policy violation") });
      expect(await readdir(dir)).toEqual([]);
    },
  );
});
