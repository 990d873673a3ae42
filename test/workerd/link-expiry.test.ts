// A cached link is only worth serving while the caller still has time to use it: the cache honours
// LINK_MIN_REMAINING_SECONDS on read, sets KV's TTL to end exactly then, and skips links KV could not keep.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fileId, linkKey } from "../../src/links";
import { FILE_URL } from "../support/fixtures";
import { askLink } from "../support/gateway";
import { sim } from "../support/network";

async function storeLink(link: string, expiresAt: number) {
  await env.STORE.put(await linkKey(fileId(new URL(FILE_URL))), JSON.stringify({ link, expiresAt }));
}

describe("link expiry", () => {
  it("serves a cached link that has enough life left", async () => {
    await storeLink("https://files.example/still-good", Date.now() + 10 * 60_000);
    const { res, body } = await askLink(FILE_URL);
    expect(res.headers.get("X-Cache")).toBe("HIT");
    expect(body.data).toBe("https://files.example/still-good");
  });

  it("does not serve a link with less than LINK_MIN_REMAINING_SECONDS left, and replaces it", async () => {
    await storeLink("https://files.example/about-to-die", Date.now() + 4 * 60_000);
    const { res, body } = await askLink(FILE_URL);
    expect(res.headers.get("X-Cache")).toBe("MISS");
    expect(body.data).not.toBe("https://files.example/about-to-die");
    expect((await askLink(FILE_URL)).res.headers.get("X-Cache")).toBe("HIT");
    expect(sim.state.calls["download-url"]).toBe(1);
  });

  it("stores a fresh link in KV until its remaining life drops under the minimum", async () => {
    const before = Date.now();
    await askLink(FILE_URL);
    const { keys } = await env.STORE.list();
    expect(keys).toHaveLength(1);
    const expiration = (keys[0]?.expiration ?? 0) * 1000;
    // 20 minutes of life less the 5-minute minimum: 15 minutes, to KV's one-second precision.
    expect(expiration).toBeGreaterThanOrEqual(before + 15 * 60_000 - 2000);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });

  it("does not write KV when the servable time would be under KV's 60-second minimum", async () => {
    // The isolate's memory may still keep such a link for its 50 seconds; this is about KV.
    const strict = { env: { LINK_MIN_REMAINING_SECONDS: "1150", LINK_MEMORY_ENTRIES: "0" } };
    expect((await askLink(FILE_URL, strict)).res.headers.get("X-Cache")).toBe("MISS");
    expect((await env.STORE.list()).keys).toHaveLength(0);
    expect((await askLink(FILE_URL, strict)).res.headers.get("X-Cache")).toBe("MISS");
    expect(sim.state.calls["download-url"]).toBe(2);
  });
});
