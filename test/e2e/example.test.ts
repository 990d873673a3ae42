// The example script is documentation that must keep working: run it for real against wrangler dev and the
// simulator, and check its files byte for byte and its progress output.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { fileBytes } from "../../simulator/app";
import { TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";

const stack = useStack({ UPSTREAM_BACKOFF_MS: "1" });
const run = (env: Record<string, string>, args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "examples/batch-download.ts", ...args], {
    env: { ...process.env, KIE_EDGE_URL: stack.dev.url, KIE_EDGE_TOKEN: TEST_TOKENS.alice, ...env },
  });
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeEach(() => stack.sim.reset());

describe("examples/batch-download.ts", () => {
  it("checks credits, fetches links with progress, and streams every file to disk", async () => {
    stack.sim.state.fileSizes["/ex/clip.mp4"] = 3_000_000;
    const dir = await mkdtemp(join(tmpdir(), "kie-edge-example-"));
    const files = [
      "https://tempfile.aiquickdraw.com/ex/clip.mp4",
      "https://tempfile.aiquickdraw.com/ex/still.png",
      "https://example.com/not-kie.png",
    ];
    const { stdout, stderr } = await run({}, [dir, ...files]);
    expect(stdout).toContain("balance: 100 credits");
    expect(stdout).toContain("links: 2/3 ready");
    expect(stdout).toContain("downloaded 2/2");
    expect(stderr).toContain("skipped https://example.com/not-kie.png: External file URLs are not supported");
    expect(sha(await readFile(join(dir, "clip.mp4")))).toBe(
      sha(new Uint8Array(await fileBytes(0, 3_000_000).arrayBuffer())),
    );
    expect((await readFile(join(dir, "still.png"))).length).toBe(1024);
  });

  it("stops before the batch when credits are short", async () => {
    stack.sim.state.balance = 3;
    const failure = await run({}, [
      await mkdtemp(join(tmpdir(), "kie-edge-example-")),
      "https://tempfile.aiquickdraw.com/ex/a.png",
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining("top up before downloading") });
    expect(stack.sim.state.calls["download-url"]).toBe(0);
  });
});
