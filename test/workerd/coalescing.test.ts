// Many callers asking for one uncached file at once cost kie.ai a single call: the first starts it, the
// rest join it, and all get the same link.
import { describe, expect, it } from "vitest";
import { FILE_URL } from "../support/fixtures";
import { askLink } from "../support/gateway";
import { sim } from "../support/network";

describe("coalescing concurrent misses", () => {
  it("makes one upstream call for 20 concurrent asks of one URL", async () => {
    sim.state.delayMs["download-url"] = 30;
    const answers = await Promise.all(Array.from({ length: 20 }, () => askLink(FILE_URL)));
    expect(sim.state.calls["download-url"]).toBe(1);
    expect(answers.every(({ res }) => res.status === 200)).toBe(true);
    expect(new Set(answers.map(({ body }) => body.data)).size).toBe(1);
  });

  it("shares a failure too, without retrying it per caller", async () => {
    sim.state.delayMs["download-url"] = 30;
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "status", code: 402, msg: "no credits" } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => askLink(FILE_URL)));
    expect(answers.map(({ res }) => res.status)).toEqual([402, 402, 402, 402, 402]);
    expect(sim.state.calls["download-url"]).toBe(1);
  });

  it("keeps different URLs apart", async () => {
    sim.state.delayMs["download-url"] = 10;
    const urls = ["a", "b", "c"].map((n) => `https://file.aiquickdraw.com/${n}.mp4`);
    const answers = await Promise.all(urls.map((u) => askLink(u)));
    expect(sim.state.calls["download-url"]).toBe(3);
    expect(new Set(answers.map(({ body }) => body.data)).size).toBe(3);
  });
});
