// Bad requests are refused with their own status and a useful message, and never cost an upstream call.
import { afterEach, describe, expect, it } from "vitest";
import { ask, askLink } from "../support/gateway";
import { sim } from "../support/network";

afterEach(() => {
  expect(Object.values(sim.state.calls).every((n) => n === 0)).toBe(true);
});

const link = (init: { body?: string; json?: unknown; headers?: Record<string, string> }) =>
  ask("/api/v1/common/download-url", { method: "POST", ...init });

describe("bad input", () => {
  it.each([
    ["missing", undefined, "url is required"],
    ["not a string", 42, "url must be a string"],
    ["not a URL", "cat.png", "url must be an absolute https URL"],
    ["plain http", "http://tempfile.aiquickdraw.com/a.png", "url must be an absolute https URL"],
    ["over 2048 characters", `https://file.aiquickdraw.com/${"a".repeat(2030)}`, "url must be at most 2048 characters"],
    ["carrying credentials", "https://user:pw@file.aiquickdraw.com/a.png", "url must not carry credentials"],
    ["an IP literal", "https://169.254.169.254/latest", "url must name a host, not an IP address"],
    ["a bare name", "https://localhost/a.png", "url must name a public host"],
  ])("refuses a url %s with 422", async (_, url, msg) => {
    const { res, body } = await link({ json: url === undefined ? {} : { url } });
    expect(res.status).toBe(422);
    expect(body).toEqual({ code: 422, msg, data: null });
  });

  it("refuses a url off KIE_FILE_HOSTS with 422", async () => {
    const env = { KIE_FILE_HOSTS: "*.aiquickdraw.com, kieai.redpandaai.co" };
    for (const url of ["https://tempfile.redpandaai.co/a.png", "https://aiquickdraw.com/a.png"]) {
      const { res, body } = await askLink(url, { env });
      expect(res.status).toBe(422);
      expect(body.msg).toMatch(/KIE_FILE_HOSTS/);
    }
  });

  it("refuses malformed JSON with 400, a non-object with 422, and a non-JSON type with 415", async () => {
    expect((await link({ body: '{"url": ', headers: { "Content-Type": "application/json" } })).res.status).toBe(400);
    expect((await link({ json: ["https://file.aiquickdraw.com/a.png"] })).res.status).toBe(422);
    expect((await link({ body: "url=x", headers: { "Content-Type": "text/plain" } })).body.code).toBe(415);
  });

  it("refuses a body over 8 KiB with 413, whether its length is declared or streamed", async () => {
    const big = JSON.stringify({ url: "https://file.aiquickdraw.com/a.png", pad: "x".repeat(9000) });
    const declared = await link({ body: big, headers: { "Content-Type": "application/json" } });
    expect(declared.res.status).toBe(413);
    expect(declared.body.msg).toMatch(/8 KiB/);
    const chunks = new Blob([big]).stream();
    const streamed = await link({ body: chunks as unknown as string, headers: { "Content-Type": "application/json" } });
    expect(streamed.res.status).toBe(413);
  });

  it("answers 404 for an unknown path and 405 with Allow for a wrong method", async () => {
    const unknown = await ask("/api/v1/nope");
    expect(unknown.body).toMatchObject({ code: 404, data: null });
    const wrong = await ask("/api/v1/chat/credit", { method: "DELETE" });
    expect(wrong.res.status).toBe(405);
    expect(wrong.res.headers.get("Allow")).toBe("GET, HEAD");
    expect((await ask("/api/v1/common/download-url")).res.status).toBe(405);
  });
});
