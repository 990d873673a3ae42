// Random methods, paths and Authorization headers — empty, another scheme, a valid token with junk, a
// token of another length — get a 4xx envelope, reveal no secret, and never reach kie.ai.
import fc from "fast-check";
import { describe, it } from "vitest";
import { app } from "../../src/app";
import { TEST_KIE_KEY, TEST_TOKENS } from "../support/fixtures";
import { askRaw } from "../support/gateway";
import { expectRefused, RUNS } from "../support/hostile";
import { sim } from "../support/network";

// Trailing whitespace is not junk: HTTP strips it from header values before anyone reads them.
// Header values are bytes; workerd takes non-ASCII as UTF-8 with a warning per request, so stay within ASCII.
const printable = (max: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const authorization = fc.oneof(
  fc.constant(""),
  printable(200),
  fc.constantFrom("Basic", "Token", "bearer", "Bearer", "BEARER").chain((s) => printable(100).map((t) => `${s} ${t}`)),
  fc.constantFrom(...Object.values(TEST_TOKENS), TEST_KIE_KEY).chain((t) =>
    // Trailing whitespace is not junk: HTTP strips it from a header value before anyone reads it.
    printable(20)
      .filter((junk) => junk !== "" && junk.trimEnd() === junk)
      .map((junk) => `Bearer ${t}${junk}`),
  ),
  fc.constantFrom(...Object.values(TEST_TOKENS)).map((t) => `Bearer ${t.slice(0, -1)}`),
);
const segment = fc.oneof(
  fc.webSegment(),
  fc.constantFrom("..", "%00", "%2e%2e", "api", "v1", "chat", "credit", "common"),
  printable(30).map(encodeURIComponent),
);
const path = fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join("/")}`);
// Routes a GET may rightly answer with 200: skipped when the generator happens to hit one.
const READABLE = new Set(app.routes.filter((r) => r.method === "GET").map((r) => r.path));
const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE");

describe("hostile requests", () => {
  it("refuses any Authorization header that is not a proxy token with 401", async () => {
    await fc.assert(
      fc.asyncProperty(authorization, async (auth) => {
        sim.reset();
        const { res, bytes } = await askRaw("/api/v1/chat/credit", { token: null, headers: { Authorization: auth } });
        await expectRefused(res, bytes, (code) => code === 401);
      }),
      { numRuns: RUNS },
    );
  });

  it("answers unknown paths and wrong methods with a 4xx envelope, authenticated or not", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, fc.boolean(), async (verb, route, signed) => {
        fc.pre(!(verb === "GET" && READABLE.has(new URL(`https://kie-edge.test${route}`).pathname)));
        sim.reset();
        const { res, bytes } = await askRaw(route, { method: verb, token: signed ? undefined : null });
        await expectRefused(res, bytes, (code) => code >= 400 && code < 500);
      }),
      { numRuns: RUNS },
    );
  });
});
