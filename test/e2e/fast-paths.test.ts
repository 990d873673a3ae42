// Batch links and streamed downloads over real HTTP, through wrangler dev's workerd and the simulator's
// file host: bytes checked by hash, ranges, a dead link replaced, concurrency bounded at kie.ai.
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { fileBytes } from "../../simulator/app";
import { postJson, useStack } from "./support/stack";

const stack = useStack({ UPSTREAM_BACKOFF_MS: "1" });
const FILE = "https://tempfile.aiquickdraw.com/r/e2e-video.mp4";
const SIZE = 20 * 1024 * 1024;
const download = (init?: RequestInit) => stack.ask(`/api/v1/common/download?url=${encodeURIComponent(FILE)}`, init);
const sha = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

beforeEach(() => {
  stack.sim.reset();
  stack.sim.state.fileSizes["/r/e2e-video.mp4"] = SIZE;
});

describe("fast paths end to end", () => {
  it("streams a 20 MiB file byte for byte", async () => {
    const res = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("video/mp4");
    expect(sha(await res.arrayBuffer())).toBe(sha(await fileBytes(0, SIZE).arrayBuffer()));
  });

  it("passes a range through, and replaces a dead link once", async () => {
    const part = await download({ headers: { Range: `bytes=${SIZE - 10}-` } });
    expect([part.status, part.headers.get("Content-Range")]).toEqual([206, `bytes ${SIZE - 10}-${SIZE - 1}/${SIZE}`]);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(
      new Uint8Array(await fileBytes(SIZE - 10, SIZE).arrayBuffer()),
    );
    const issued = stack.sim.state.linksIssued;
    stack.sim.state.revokedThrough = issued;
    const again = await download({ headers: { Range: "bytes=0-99" } });
    expect(again.status).toBe(206);
    expect(stack.sim.state.linksIssued).toBe(issued + 1);
  });

  it("answers a batch in order with at most 5 upstream calls in flight", async () => {
    stack.sim.state.delayMs["download-url"] = 20;
    const urls = Array.from({ length: 40 }, (_, i) => `https://file.aiquickdraw.com/b/${i % 30}.png`);
    const res = await stack.ask("/api/v1/common/download-urls", postJson({ urls }));
    const { data } = (await res.json()) as { data: { url: string; data: string }[] };
    expect(data.map((d) => d.url)).toEqual(urls);
    expect(data[35]?.data).toBe(data[5]?.data);
    expect(stack.sim.state.calls["download-url"]).toBe(30);
    expect(stack.sim.state.maxInFlight).toBe(5);
  });
});
