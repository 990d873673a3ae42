// Teams fetch links for whole result sets: one batch call answers every URL in order, shares one upstream
// call per file, serves hits without kie.ai, keeps one bad URL from spoiling the rest, and never has more
// than BATCH_CONCURRENCY calls in flight at kie.ai.
import { describe, expect, it } from "vitest";
import { ask, askLink } from "../support/gateway";
import { sim } from "../support/network";

const file = (n: number | string) => `https://file.aiquickdraw.com/batch/${n}.png`;
const batch = (urls: unknown[], env?: Record<string, unknown>) =>
  ask("/api/v1/common/download-urls", { method: "POST", json: { urls }, env });

describe("POST /api/v1/common/download-urls", () => {
  it("answers each input in order, with partial failures and duplicates collapsed", async () => {
    await askLink(file("cached"));
    const { res, body } = await batch([file(1), "not a url", file("cached"), file(1), "https://example.com/x.png", 7]);
    expect(res.status).toBe(200);
    const items = body.data as Record<string, unknown>[];
    expect(items.map((i) => i.url)).toEqual([
      file(1),
      "not a url",
      file("cached"),
      file(1),
      "https://example.com/x.png",
      7,
    ]);
    expect(items[0]).toMatchObject({
      data: expect.stringMatching(/^https:/),
      cached: false,
      expiresAt: expect.any(String),
    });
    expect(items[1]).toEqual({
      url: "not a url",
      error: { code: 422, msg: "url must be an absolute https URL" },
      cached: false,
      expiresAt: null,
    });
    expect(items[2]).toMatchObject({ cached: true });
    expect(items[3]).toEqual({ ...items[0], url: file(1) });
    expect(items[4]).toMatchObject({ error: { code: 422, msg: "External file URLs are not supported" } });
    expect(items[5]).toMatchObject({ error: { code: 422, msg: "url must be a string" } });
    // file(1) once, example.com once; the cached one and the duplicate cost nothing.
    expect(sim.state.calls["download-url"]).toBe(1 + 2);
  });

  it("keeps at most BATCH_CONCURRENCY upstream calls in flight", async () => {
    sim.state.delayMs["download-url"] = 15;
    await batch(Array.from({ length: 30 }, (_, i) => file(i)));
    expect(sim.state.calls["download-url"]).toBe(30);
    expect(sim.state.maxInFlight).toBe(5);
    sim.reset();
    sim.state.delayMs["download-url"] = 15;
    await batch(
      Array.from({ length: 12 }, (_, i) => file(`c${i}`)),
      { BATCH_CONCURRENCY: "3" },
    );
    expect(sim.state.maxInFlight).toBe(3);
  });

  it("passes each upstream failure on in its own item", async () => {
    sim.state.rules.push({
      endpoint: "download-url",
      fault: { kind: "status", code: 402, msg: "no credits" },
      times: 1,
    });
    const { body } = await batch([file("a"), file("b")], { BATCH_CONCURRENCY: "1" });
    expect((body.data as Record<string, unknown>[]).map((i) => ("error" in i ? i.error : "ok"))).toEqual([
      { code: 402, msg: "no credits" },
      "ok",
    ]);
  });

  it("refuses an invalid batch as a whole, before any upstream call", async () => {
    expect((await batch([])).body).toMatchObject({ code: 422, msg: "urls must hold 1 to 100 file URLs" });
    expect((await batch(Array.from({ length: 101 }, (_, i) => file(i)))).res.status).toBe(422);
    expect((await ask("/api/v1/common/download-urls", { method: "POST", json: { urls: "x" } })).res.status).toBe(422);
    expect(sim.state.calls["download-url"]).toBe(0);
  });
});
