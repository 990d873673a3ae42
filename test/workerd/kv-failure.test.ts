// KV is a cache, not a dependency: when it throws on every call, links still come from kie.ai, and the
// failure is logged rather than passed to the caller.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FILE_URL } from "../support/fixtures";
import { askLink } from "../support/gateway";
import { sim } from "../support/network";

const brokenKv = {
  get: () => Promise.reject(new Error("KV GET failed: 500")),
  put: () => Promise.reject(new Error("KV PUT failed: 500")),
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("KV failing", () => {
  it("falls through to upstream on every ask and logs each failure", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (let i = 0; i < 2; i++) {
      const { res, body } = await askLink(FILE_URL, { env: { STORE: brokenKv, LINK_MEMORY_ENTRIES: "0" } });
      expect(res.status).toBe(200);
      expect(body.data).toMatch(/^https:\/\//);
      expect(res.headers.get("X-Cache")).toBe("MISS");
    }
    expect(sim.state.calls["download-url"]).toBe(2);
    const ops = warn.mock.calls.map(([line]) => (line as { msg: string; op: string }).op);
    expect(ops).toEqual(["get", "put", "get", "put"]);
  });

  it("survives a KV that throws synchronously", async () => {
    const throwing = {
      get: () => {
        throw new Error("binding gone");
      },
      put: () => {
        throw new Error("binding gone");
      },
    };
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { res } = await askLink(FILE_URL, { env: { STORE: throwing } });
    expect(res.status).toBe(200);
  });
});
