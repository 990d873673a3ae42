// A file is served from the gateway's own origin, where the dashboard keeps its token: whatever the file host
// says it is, nothing in it may run there, and no file name — however it is encoded — breaks the answer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentDisposition, fileName } from "../../src/links";
import { askRaw } from "../support/gateway";
import { RUNS } from "../support/hostile";
import { sim } from "../support/network";

const download = (file = "https://tempfile.aiquickdraw.com/r/page.png") =>
  askRaw(`/api/v1/common/download?url=${encodeURIComponent(file)}`);

describe("active content", () => {
  it.each([
    ["text/html; charset=utf-8", "inline"],
    ["image/svg+xml", "inline"],
    ["application/xml", undefined],
    ["text/javascript", "inline"],
    ["application/xhtml+xml", "inline; filename=x.html"],
  ])("%s is an attachment in a sandbox, whatever the host asks", async (contentType, disposition) => {
    sim.state.fileFault = { kind: "serve", contentType, disposition };
    const { res } = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="page.png"/);
    expect(res.headers.get("Content-Security-Policy")).toBe("sandbox");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("passive media may stay inline when the host asks, still sandboxed", async () => {
    sim.state.fileFault = { kind: "serve", contentType: "image/png", disposition: "inline" };
    const { res } = await download();
    expect(res.headers.get("Content-Disposition")).toMatch(/^inline; filename="page.png"/);
    expect(res.headers.get("Content-Security-Policy")).toBe("sandbox");
  });
});

describe("file names", () => {
  it.each([
    ["%FF.png", "%FF.png"],
    ["a%.png", "a%.png"],
    ["%ED%A0%80.png", "%ED%A0%80.png"],
    ["%E7%8C.png", "%E7%8C.png"],
    ["%E7%8C%AB%2Fx.png", "猫_x.png"],
    ["..", "download"],
  ])("never break a download: %s", async (name, expected) => {
    const { res } = await download(`https://tempfile.aiquickdraw.com/r/${name}`);
    expect(res.status).toBe(200);
    const exact = /filename\*=UTF-8''(.*)$/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "";
    expect(decodeURIComponent(exact)).toBe(expected);
  });

  it("derive a valid header from any path whatever its bytes", () => {
    const segment = fc
      .array(
        fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("%", "%F", "%FF", "%ED%A0%80", "%00", "%22", "%0D%0A")),
        { maxLength: 12 },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(segment, (raw) => {
        if (!URL.canParse(`https://f.example/r/${raw}`)) return;
        const value = contentDisposition("attachment", fileName(new URL(`https://f.example/r/${raw}`)));
        expect(value).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/);
        expect(() => new Headers({ "Content-Disposition": value })).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});
