// Every link route tells the documented facts in headers, on a miss and on a hit: its own X-Request-Id always,
// X-Upstream-Attempts whenever kie.ai was called, X-Cache and X-Link-Expires-At for the link it used, and
// Cache-Control for how long a returned link may be kept.
import { describe, expect, it } from "vitest";
import { FILE_URL } from "../support/fixtures";
import { askRaw } from "../support/gateway";

// Always kie-edge's own id, whatever the caller sent (its own is only logged).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const routes = {
  "POST /download-url": () =>
    askRaw("/api/v1/common/download-url", {
      method: "POST",
      json: { url: FILE_URL },
      headers: { "X-Request-Id": "r-1" },
    }),
  "GET /download": () =>
    askRaw(`/api/v1/common/download?url=${encodeURIComponent(FILE_URL)}`, { headers: { "X-Request-Id": "r-1" } }),
};

describe.each(Object.entries(routes))("%s", (_, send) => {
  it("tells the request id, the attempts, the cache and the link's expiry on a miss", async () => {
    const { res } = await send();
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-Id")).toMatch(UUID);
    expect(res.headers.get("X-Upstream-Attempts")).toBe("1");
    expect(res.headers.get("X-Cache")).toBe("MISS");
    expect(res.headers.get("X-Link-Expires-At")).toMatch(ISO);
  });

  it("tells the cache and the same expiry on a hit, and no attempts", async () => {
    const miss = await send();
    const { res } = await send();
    expect(res.headers.get("X-Request-Id")).toMatch(UUID);
    expect(res.headers.get("X-Upstream-Attempts")).toBeNull();
    expect(res.headers.get("X-Cache")).toBe("HIT");
    expect(res.headers.get("X-Link-Expires-At")).toBe(miss.res.headers.get("X-Link-Expires-At"));
  });
});

describe("POST /download-url", () => {
  it("says how long the link may be kept: until LINK_MIN_REMAINING_SECONDS before it dies", async () => {
    const { res } = await routes["POST /download-url"]();
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(res.headers.get("Cache-Control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(20 * 60 - 300 - 5);
    expect(maxAge).toBeLessThanOrEqual(20 * 60 - 300);
  });
});

describe("POST /download-urls", () => {
  const batch = (urls: string[]) =>
    askRaw("/api/v1/common/download-urls", { method: "POST", json: { urls }, headers: { "X-Request-Id": "r-2" } });

  it("tells the request id, and the attempts it made upstream in all", async () => {
    const { res } = await batch([FILE_URL, "https://file.aiquickdraw.com/b.png", FILE_URL]);
    expect(res.headers.get("X-Request-Id")).toMatch(UUID);
    expect(res.headers.get("X-Upstream-Attempts")).toBe("2");
  });

  it("tells no attempts when every link came from the cache", async () => {
    await batch([FILE_URL]);
    const { res } = await batch([FILE_URL]);
    expect(res.headers.get("X-Upstream-Attempts")).toBeNull();
  });
});
