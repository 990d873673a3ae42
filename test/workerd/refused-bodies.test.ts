// A body the gateway refuses — too big, or sent without a good token — is finished after the answer: a small
// rest is read to its end (the connection stays usable for the next request), a big one is cancelled.
import { describe, expect, it } from "vitest";
import { askRaw } from "../support/gateway";
import { sim } from "../support/network";

function countedBody(size: number) {
  const seen = { pulled: 0, ended: false, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= size) {
        seen.ended = true;
        return controller.close();
      }
      seen.pulled += 1024;
      controller.enqueue(new Uint8Array(1024).fill(120));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

const post = (body: ReadableStream<Uint8Array>, token?: string | null) =>
  askRaw("/api/v1/common/download-url", {
    method: "POST",
    body: body as unknown as BodyInit,
    token,
    headers: { "Content-Type": "application/json" },
  });

describe("refused bodies", () => {
  it("are read to their end when small, after a 413 for size", async () => {
    const { stream, seen } = countedBody(20 * 1024);
    expect((await post(stream)).res.status).toBe(413);
    expect(seen).toMatchObject({ ended: true, cancelled: false });
  });

  it("are read to their end when small, after a 401 for the token", async () => {
    const { stream, seen } = countedBody(20 * 1024);
    expect((await post(stream, null)).res.status).toBe(401);
    expect(seen).toMatchObject({ ended: true });
  });

  it("are cancelled when big, after at most a mebibyte", async () => {
    const { stream, seen } = countedBody(50 * 1024 * 1024);
    expect((await post(stream)).res.status).toBe(413);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024);
    expect(sim.state.calls["download-url"]).toBe(0);
  });
});
