// File URLs aimed at SSRF and parser confusion (metadata endpoints, file:, javascript:, userinfo tricks,
// IP literals in every spelling, IDN look-alikes, 10 KB URLs) must be refused before anything is fetched,
// by every route that takes a URL. fast-check adds thousands of generated ones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { askRaw } from "../support/gateway";
import { expectRefused, RUNS, STRICT, ssrfUrl } from "../support/hostile";
import { sim } from "../support/network";

const refused = (code: number) => code === 422 || code === 413 || code === 400;

describe("hostile file URLs", () => {
  it("POST /download-url refuses them with 4xx and no upstream call", async () => {
    await fc.assert(
      fc.asyncProperty(ssrfUrl, async (url) => {
        sim.reset();
        const { res, bytes } = await askRaw("/api/v1/common/download-url", {
          method: "POST",
          json: { url },
          env: STRICT,
        });
        await expectRefused(res, bytes, refused);
      }),
      { numRuns: RUNS },
    );
  });

  it("GET /download refuses them with 4xx and fetches nothing", async () => {
    await fc.assert(
      fc.asyncProperty(ssrfUrl, async (url) => {
        sim.reset();
        const { res, bytes } = await askRaw(`/api/v1/common/download?url=${encodeURIComponent(url)}`, { env: STRICT });
        await expectRefused(res, bytes, refused);
      }),
      { numRuns: RUNS },
    );
  });

  it("a batch answers each with its own 422 and calls nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ssrfUrl, { minLength: 1, maxLength: 20 }), async (urls) => {
        sim.reset();
        const { res, bytes } = await askRaw("/api/v1/common/download-urls", {
          method: "POST",
          json: { urls },
          env: STRICT,
        });
        const body = await expectRefused(res, bytes, (code) => code === 200 || code === 413);
        if (res.status === 200) {
          const items = body?.data as { error?: { code: number } }[];
          expect(items.every((item) => item.error?.code === 422)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
