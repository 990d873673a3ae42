// A download link is fetched from kie.ai once and then served from KV while it has life left: the reason
// kie-edge exists for teams that re-ask for the same files.
import { describe, expect, it } from "vitest";
import { FILE_URL } from "../support/fixtures";
import { askLink } from "../support/gateway";
import { sim } from "../support/network";

describe("POST /api/v1/common/download-url", () => {
  it("fetches a link on a miss, then serves the same link from the cache", async () => {
    const first = await askLink(FILE_URL);
    expect(first.res.status).toBe(200);
    expect(first.body).toMatchObject({ code: 200, msg: "success" });
    expect(first.body.data).toMatch(/^https:\/\/api\.kie\.ai\/files\//);
    expect(first.res.headers.get("X-Cache")).toBe("MISS");
    expect(first.res.headers.get("X-Upstream-Attempts")).toBe("1");

    const second = await askLink(FILE_URL);
    expect(second.res.headers.get("X-Cache")).toBe("HIT");
    expect(second.body.data).toBe(first.body.data);
    expect(second.res.headers.get("X-Link-Expires-At")).toBe(first.res.headers.get("X-Link-Expires-At"));
    expect(sim.state.calls["download-url"]).toBe(1);
  });

  it("tells when the link dies and how long the caller may keep it", async () => {
    const before = Date.now();
    const { res } = await askLink(FILE_URL);
    const expiresAt = Date.parse(res.headers.get("X-Link-Expires-At") ?? "");
    expect(expiresAt).toBeGreaterThanOrEqual(before + 20 * 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 20 * 60_000);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("Cache-Control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(890);
    expect(maxAge).toBeLessThanOrEqual(900);
  });

  it("treats spellings of one URL as one file, and different files apart", async () => {
    await askLink(FILE_URL);
    const sameFile = await askLink("HTTPS://TempFile.AIQuickDraw.com:443/r/cat.png#preview");
    expect(sameFile.res.headers.get("X-Cache")).toBe("HIT");
    const otherFile = await askLink("https://tempfile.aiquickdraw.com/r/dog.png");
    expect(otherFile.res.headers.get("X-Cache")).toBe("MISS");
    expect(sim.state.calls["download-url"]).toBe(2);
  });

  it("drops an empty fragment too, from the cache key and from what kie.ai is sent", async () => {
    await askLink(`${FILE_URL}#`);
    expect((await askLink(FILE_URL)).res.headers.get("X-Cache")).toBe("HIT");
    await askLink("https://tempfile.aiquickdraw.com/r/dog.png#");
    expect(sim.state.received).toEqual([FILE_URL, "https://tempfile.aiquickdraw.com/r/dog.png"]);
  });

  it("passes kie.ai's 422 on for a URL it did not make, keeping its message", async () => {
    const { res, body } = await askLink("https://example.com/not-from-kie.png");
    expect(res.status).toBe(422);
    expect(body).toEqual({ code: 422, msg: "External file URLs are not supported", data: null });
  });
});
