// Uploads kie-edge refuses before or while they stream: the wrong content type, a declared size over
// UPLOAD_MAX_BYTES, and a body sent without a size that grows past it — none reaches kie.ai whole.
import { describe, expect, it } from "vitest";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

const env = { UPLOAD_MAX_BYTES: String(64 * 1024) };

function multipart(size: number) {
  const form = new FormData();
  form.set("uploadPath", "big");
  form.set("file", new File([new Uint8Array(size)], "big.bin"));
  return new Response(form);
}

describe("refused uploads", () => {
  it("answers 415 to a stream upload that is not multipart, and to a JSON upload that is not JSON", async () => {
    const stream = await ask("/api/file-stream-upload", { method: "POST", json: { fileName: "x" } });
    const base64 = await ask("/api/file-base64-upload", { method: "POST", body: "base64Data=abc" });
    expect([stream.res.status, base64.res.status]).toEqual([415, 415]);
    expect(sim.state.uploads).toEqual([]);
  });

  it("answers 413 by Content-Length before a byte is sent", async () => {
    const encoded = multipart(100 * 1024);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const headers = { "Content-Type": encoded.headers.get("Content-Type") ?? "", "Content-Length": `${bytes.length}` };
    const { res, body } = await ask("/api/file-stream-upload", { method: "POST", body: bytes, headers, env });
    expect(res.status).toBe(413);
    expect(body.msg).toMatch(/UPLOAD_MAX_BYTES \(65536 bytes\)/);
    expect(sim.state.calls.upload).toBe(0);
  });

  it("answers 413 as soon as a body without a size passes the cap, and kie.ai records no file", async () => {
    const encoded = multipart(100 * 1024);
    const headers = { "Content-Type": encoded.headers.get("Content-Type") ?? "" };
    const body = encoded.body ?? undefined;
    const { res } = await ask("/api/file-stream-upload", { method: "POST", body, headers, env });
    expect(res.status).toBe(413);
    expect(sim.state.uploads).toEqual([]);
  });
});
