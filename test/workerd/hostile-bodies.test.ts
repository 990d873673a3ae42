// Whatever arrives as a body — random bytes, any JSON, huge or deeply nested documents, unicode, null
// bytes, lying content types — the answer is a 4xx envelope, never a 500, and kie.ai is never called.
import fc from "fast-check";
import { describe, it } from "vitest";
import { askRaw } from "../support/gateway";
import { expectRefused, RUNS, STRICT } from "../support/hostile";
import { sim } from "../support/network";

const deep = fc.integer({ min: 100, max: 5000 }).map((n) => "[".repeat(n) + "]".repeat(n));
const huge = fc.integer({ min: 8 * 1024, max: 64 * 1024 }).map((n) => JSON.stringify({ url: "x".repeat(n) }));
const body = fc.oneof(
  fc.string({ unit: "binary", maxLength: 2000 }),
  fc.json({ maxDepth: 6 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ url: v })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ urls: v })),
  deep,
  huge,
  fc.string({ unit: "grapheme", maxLength: 200 }).map((s) => JSON.stringify({ url: `https://\u0000${s}` })),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/vnd.api+json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
);

describe("hostile bodies", () => {
  for (const path of ["/api/v1/common/download-url", "/api/v1/common/download-urls"]) {
    it(`POST ${path} answers 4xx for any body and content type`, async () => {
      await fc.assert(
        fc.asyncProperty(body, contentType, async (text, type) => {
          sim.reset();
          const headers = type ? { "Content-Type": type } : undefined;
          const { res, bytes } = await askRaw(path, { method: "POST", body: text, headers, env: STRICT });
          // A batch of invalid URLs is itself valid: 200, each item refused (checked by the URL suite).
          await expectRefused(
            res,
            bytes,
            (code) => (code >= 400 && code < 500) || (code === 200 && path.endsWith("s")),
          );
        }),
        { numRuns: RUNS },
      );
    });
  }
});
