// Uploads through the real wrangler dev to the simulator's upload host: 50 MiB arrives byte for byte without the
// Worker's memory growing with it, and streams (kie.ai has the upload before the caller has sent it all); a body
// over UPLOAD_MAX_BYTES is refused 413 — by Content-Length, or while streaming one sent without — with no upload
// made. Big uploads go to the Worker's own port: wrangler's local proxy (which buffers) is no part of a deploy.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { saveReport } from "./support/report";
import { type Stack, useStack } from "./support/stack";
import { until } from "./support/tasks";
import { multipart, postUpload } from "./support/uploads";
import { peakGrowth, workerProcess } from "./support/worker-process";

const MiB = 1024 * 1024;
const file = randomBytes(50 * MiB);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const upload = (origin: string, sent: ReturnType<typeof multipart>, body: Uint8Array | ReadableStream<Uint8Array>) =>
  postUpload(origin, TEST_TOKENS.alice, sent.type, body);

describe("a 50 MiB upload", () => {
  const stack: Stack = useStack(() => ({ KIE_UPLOAD_BASE_URL: stack.sim.url }));
  const lastUpload = () => stack.sim.state.uploads.at(-1);

  it("arrives byte for byte without growing the Worker's memory with its size", async () => {
    const worker = await workerProcess(stack.dev);
    if (!worker) throw new Error("the Worker's workerd process was not found (Linux /proc is needed)");
    const send = async (bytes: Uint8Array, name: string) => {
      const sent = multipart(bytes, name, "e2e");
      return (await upload(worker.url, sent, sent.body)).status;
    };
    // A first, small upload warms the path, so its one-off cost is not read as growth.
    expect(await send(randomBytes(MiB), "warm.mp4")).toBe(200);
    const big = await peakGrowth(worker, () => send(file, "big.mp4"));
    expect(big.result).toBe(200);
    expect(lastUpload()).toEqual({
      kind: "stream",
      uploadPath: "e2e",
      fileName: "big.mp4",
      size: file.length,
      sha256: sha256(file),
    });
    await saveReport(
      "uploads",
      `| 50 MiB upload (Content-Length), Worker process RSS | ${big.baselineMiB.toFixed(0)} → ${big.peakMiB.toFixed(0)} MiB: +${big.growthMiB.toFixed(1)} MiB |`,
    );
    expect(big.growthMiB).toBeLessThan(25);
  });

  it("streams to kie.ai byte for byte: kie.ai has the upload before the caller has sent it all", async () => {
    const origin = (await workerProcess(stack.dev))?.url ?? stack.dev.url;
    const sent = multipart(file, "streamed.mp4", "e2e");
    const calls = stack.sim.state.calls.upload;
    // The caller stops after 10 MiB until kie.ai has the request: a Worker that buffered the body would wait forever.
    const arrived = until("kie.ai sees the upload", () => stack.sim.state.calls.upload > calls, 10_000).then(
      () => true,
      () => false,
    );
    const res = await upload(origin, sent, sent.stream({ at: 10 * MiB, until: () => arrived }));
    expect([res.status, await arrived]).toEqual([200, true]);
    expect(lastUpload()).toMatchObject({ fileName: "streamed.mp4", size: file.length, sha256: sha256(file) });
  });
});

describe("an upload over UPLOAD_MAX_BYTES", () => {
  const stack: Stack = useStack(() => ({ KIE_UPLOAD_BASE_URL: stack.sim.url, UPLOAD_MAX_BYTES: String(MiB) }));

  it.each([
    ["with Content-Length", true],
    ["chunked, without Content-Length", false],
  ])("is refused 413 %s, and no upload is made", async (_, sized) => {
    const sent = multipart(randomBytes(3 * MiB), "too-big.mp4", "e2e");
    const res = await upload(stack.dev.url, sent, sized ? sent.body : sent.stream());
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 413, msg: expect.stringContaining("UPLOAD_MAX_BYTES") });
    // By Content-Length kie.ai is not called at all; chunked, it gets a cut-off body that it refuses.
    expect(stack.sim.state.uploads).toEqual([]);
    expect(stack.sim.state.log.filter((call) => call.code === 200)).toEqual([]);
    if (sized) expect(stack.sim.state.calls.upload).toBe(0);
  });
});
