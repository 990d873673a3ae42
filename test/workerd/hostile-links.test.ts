// The gateway must never become a way into internal hosts: whatever link kie.ai issues, and wherever a file
// host redirects, /download fetches only https URLs on public hosts that KIE_FILE_HOSTS admits, checked hop by hop.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { askRaw } from "../support/gateway";
import { RUNS } from "../support/hostile";
import { recordStrayRequests, STRAY_BODY, sim } from "../support/network";

const FILE = "https://tempfile.aiquickdraw.com/r/clip.mp4";
const download = (env?: Record<string, unknown>, headers?: Record<string, string>) =>
  askRaw(`/api/v1/common/download?url=${encodeURIComponent(FILE)}`, { env, headers });

const INTERNAL = [
  "https://10.0.0.7",
  "https://169.254.169.254",
  "https://127.0.0.1",
  "https://[::1]",
  "https://[fd00::1]",
  "https://localhost",
  "https://metadata.localhost",
  "https://intranet",
  "https://tempfile.aiquickdraw.com:8443",
  "http://tempfile.aiquickdraw.com",
];

describe("links kie.ai issues", () => {
  it.each(INTERNAL)("refuses one on %s with 502, and fetches nothing", async (origin) => {
    const stray = recordStrayRequests();
    sim.state.linkOrigin = origin;
    const { res, bytes } = await download();
    expect(res.status).toBe(502);
    expect(new TextDecoder().decode(bytes)).not.toContain(STRAY_BODY);
    expect(stray).toEqual([]);
  });

  it("refuses one on any IP literal, v4 or v6", async () => {
    const stray = recordStrayRequests();
    const literal = fc.oneof(
      fc.ipV4().map((ip) => `https://${ip}`),
      fc.ipV6().map((ip) => `https://[${ip}]`),
    );
    await fc.assert(
      fc.asyncProperty(literal, async (origin) => {
        sim.state.linkOrigin = origin;
        expect((await download()).res.status).toBe(502);
      }),
      { numRuns: RUNS / 4 },
    );
    expect(stray).toEqual([]);
  });

  it("refuses one off KIE_FILE_HOSTS, once hosts are listed", async () => {
    const { res, bytes } = await download({ KIE_FILE_HOSTS: "*.aiquickdraw.com" });
    expect(res.status).toBe(502);
    expect(new TextDecoder().decode(bytes)).toMatch(/KIE_FILE_HOSTS/);
    expect(sim.state.fileFetches).toBe(0);
  });
});

describe("redirects of the file host", () => {
  it.each(INTERNAL.slice(0, 6))("are not followed to %s, and the caller's Range never goes there", async (origin) => {
    const stray = recordStrayRequests();
    sim.state.fileFault = { kind: "redirect", location: `${origin}/latest/meta-data/` };
    const { res } = await download(undefined, { Range: "bytes=0-99" });
    expect(res.status).toBe(502);
    expect(stray).toEqual([]);
  });

  it("are followed on admitted hosts, Range included", async () => {
    sim.state.fileSizes["/r/clip.mp4"] = 5000;
    const link = (await askRaw("/api/v1/common/download-url", { method: "POST", json: { url: FILE } })).res;
    expect(link.status).toBe(200);
    const target = `https://api.kie.ai/files/tempfile.aiquickdraw.com/r/clip.mp4?expires=${Date.now() / 1000 + 600}&n=1`;
    sim.state.fileFault = { kind: "redirect", location: target, status: 307, times: 1 };
    const { res, bytes } = await download(undefined, { Range: "bytes=10-19" });
    expect([res.status, bytes.byteLength]).toEqual([206, 10]);
    expect(sim.state.fileFetches).toBe(2);
  });

  it("stop after 5 hops", async () => {
    sim.state.fileFault = {
      kind: "redirect",
      location: "/files/tempfile.aiquickdraw.com/r/clip.mp4?expires=9999999999",
    };
    const { res, bytes } = await download();
    expect(res.status).toBe(502);
    expect(new TextDecoder().decode(bytes)).toMatch(/more than 5 times/);
    expect(sim.state.fileFetches).toBe(6);
  });
});

describe("a file host that stalls mid-body", () => {
  it("is cut off after UPSTREAM_TIMEOUT_MS without a byte, and the cut is logged", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    sim.state.fileSizes["/r/clip.mp4"] = 200_000;
    sim.state.fileFault = { kind: "stall", afterBytes: 1000 };
    await expect(download({ UPSTREAM_TIMEOUT_MS: "200" })).rejects.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ msg: "file_stalled" }));
    warn.mockRestore();
  });
});
