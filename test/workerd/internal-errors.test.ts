// A bug of ours must still reach the caller as the envelope, with a request id to quote, and be logged.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { FILE_URL, TEST_TOKENS } from "../support/fixtures";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("unexpected errors", () => {
  it("become a 500 envelope naming the request id, logged with the same id", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const request = new Request("https://kie-edge.test/api/v1/common/download-url", {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/json" },
      body: JSON.stringify({ url: FILE_URL }),
    });
    // An execution context whose waitUntil throws makes the cache write fail inside our code.
    const pending: Promise<unknown>[] = [];
    const ctx = {
      waitUntil: (p: Promise<unknown>) => {
        pending.push(p);
        throw new Error("waitUntil unavailable");
      },
    } as unknown as ExecutionContext;
    const res = await worker.fetch(request, env, ctx);
    await Promise.all(pending);
    expect(res.status).toBe(500);
    expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
    const body = (await res.json()) as { code: number; msg: string; data: null };
    const id = res.headers.get("X-Request-Id");
    expect(body).toEqual({ code: 500, msg: `internal error in kie-edge; request id ${id}`, data: null });
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ msg: "unhandled error", requestId: id }));
  });
});
