// One structured line per request is what operators search in Workers Logs: it must carry the facts of
// the request and never a token, the key, or a whole file URL.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FILE_URL, TEST_KIE_KEY, TEST_TOKENS } from "../support/fixtures";
import { ask, askLink } from "../support/gateway";

afterEach(() => {
  vi.restoreAllMocks();
});

function captureLines() {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  return () => log.mock.calls.map(([line]) => line as Record<string, unknown>);
}

describe("access log", () => {
  it("writes one line per request with the caller, route, status, cache and upstream facts", async () => {
    const lines = captureLines();
    const { res } = await askLink(FILE_URL, { headers: { "X-Request-Id": "trace-42" } });
    const requestId = res.headers.get("X-Request-Id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: "info",
        msg: "request",
        requestId,
        clientRequestId: "trace-42",
        caller: "alice",
        method: "POST",
        route: "/api/v1/common/download-url",
        status: 200,
        durationMs: expect.any(Number),
        cache: "MISS",
        upstreamStatus: 200,
        upstreamAttempts: 1,
        fileHost: "tempfile.aiquickdraw.com",
        fileHash: expect.stringMatching(/^[0-9a-f]{12}$/),
      }),
    ]);
  });

  it("never logs a token, the key, or the file URL", async () => {
    const lines = captureLines();
    await askLink(FILE_URL);
    await ask("/api/v1/chat/credit", { token: TEST_TOKENS.bob });
    await ask("/api/v1/chat/credit", { token: "wrong-token-0123456789abcdef" });
    const text = JSON.stringify(lines());
    expect(lines()).toHaveLength(3);
    for (const secret of [TEST_KIE_KEY, TEST_TOKENS.alice, TEST_TOKENS.bob, "wrong-token", FILE_URL, "/r/cat.png"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("ACCESS_LOG", () => {
  it("errors: logs only troubled requests; off: none", async () => {
    const lines = captureLines();
    const env = { ACCESS_LOG: "errors" };
    await askLink(FILE_URL, { env });
    await askLink(FILE_URL, { env });
    await ask("/api/v1/chat/credit", { env, token: "wrong-token-0123456789abcdef" });
    expect(lines().map((l) => l.status)).toEqual([401]);
    await ask("/api/v1/chat/credit", { env: { ACCESS_LOG: "off" }, token: "wrong-token-0123456789abcdef" });
    expect(lines()).toHaveLength(1);
  });
});

describe("request ids", () => {
  it("are always kie-edge's own; a caller's is logged only when it is a short safe token", async () => {
    const lines = captureLines();
    for (const sent of ["ok-id:1.2", "x".repeat(65), "bad id;<script>"]) {
      const { res } = await ask("/api/v1/chat/credit", { headers: { "X-Request-Id": sent } });
      expect(res.headers.get("X-Request-Id")).not.toBe(sent);
    }
    expect(lines().map((l) => l.clientRequestId)).toEqual(["ok-id:1.2", undefined, undefined]);
    expect(new Set(lines().map((l) => l.requestId)).size).toBe(3);
  });
});
