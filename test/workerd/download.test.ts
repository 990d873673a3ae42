// The file itself through the gateway: streamed byte for byte, ranges honoured, a dead link replaced once,
// and never a fetch of the URL the caller gave.
import { describe, expect, it } from "vitest";
import { fileBytes } from "../../simulator/app";
import { ask, askLink, askRaw } from "../support/gateway";
import { sim } from "../support/network";

const FILE = "https://tempfile.aiquickdraw.com/r/clip.mp4";
const path = `/api/v1/common/download?url=${encodeURIComponent(FILE)}`;

async function sha256(data: ArrayBuffer) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))].map((b) => b.toString(16)).join("");
}

async function download(headers: Record<string, string> = {}) {
  const { res, bytes } = await askRaw(path, { headers });
  return { res, body: bytes };
}

describe("GET /api/v1/common/download", () => {
  it("streams the whole file byte for byte, with its type, length and a file name", async () => {
    sim.state.fileSizes["/r/clip.mp4"] = 3_000_000;
    const { res, body } = await download();
    expect(res.status).toBe(200);
    expect(await sha256(body)).toBe(await sha256(await fileBytes(0, 3_000_000).arrayBuffer()));
    expect(res.headers.get("Content-Type")).toBe("video/mp4");
    expect(res.headers.get("Content-Length")).toBe("3000000");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="clip.mp4"; filename*=UTF-8''clip.mp4`);
    expect(res.headers.get("X-Cache")).toBe("MISS");
  });

  it("passes a Range request through as 206", async () => {
    sim.state.fileSizes["/r/clip.mp4"] = 100_000;
    const { res, body } = await download({ Range: "bytes=1000-1999" });
    expect(res.status).toBe(206);
    expect(res.headers.get("Content-Range")).toBe("bytes 1000-1999/100000");
    expect(new Uint8Array(body)).toEqual(new Uint8Array(await fileBytes(1000, 2000).arrayBuffer()));
    expect((await download({ Range: "bytes=200000-" })).res.status).toBe(416);
  });

  it("replaces a link that died early, once, and caches the new one", async () => {
    await askLink(FILE);
    sim.state.revokedThrough = sim.state.linksIssued;
    const { res } = await download();
    expect(res.status).toBe(200);
    expect(sim.state.calls["download-url"]).toBe(2);
    expect((await askLink(FILE)).res.headers.get("X-Cache")).toBe("HIT");
    expect((await download()).res.status).toBe(200);
    expect(sim.state.calls["download-url"]).toBe(2);
  });

  it("gives up with 502 when the fresh link is refused too, and never fetches the caller's URL", async () => {
    sim.state.revokedThrough = Number.POSITIVE_INFINITY;
    const { res } = await download();
    expect(res.status).toBe(502);
    expect(sim.state.fileFetches).toBe(2);
    // msw refuses any request to tempfile.aiquickdraw.com: only the links kie.ai issued were fetched.
    const bad = await ask("/api/v1/common/download?url=http%3A%2F%2F169.254.169.254%2F");
    expect(bad.res.status).toBe(422);
  });
});
