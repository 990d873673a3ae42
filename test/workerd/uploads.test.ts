// Uploads through the gateway: the file reaches kie.ai's upload host byte for byte, with the gateway's key and
// never the caller's token, and kie.ai's answer comes back as kie.ai gave it.
import { http } from "msw";
import { describe, expect, it } from "vitest";
import { TEST_KIE_KEY, TEST_TOKENS, UPLOAD_BASE } from "../support/fixtures";
import { ask } from "../support/gateway";
import { network, sim } from "../support/network";

async function sha256(data: BufferSource) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function randomBytes(n: number) {
  const bytes = new Uint8Array(n);
  for (let at = 0; at < n; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(n, at + 65_536)));
  return bytes;
}

describe("uploads", () => {
  it.each([false, true])("streams a file byte for byte with the gateway's key (Content-Length: %s)", async (sized) => {
    const seen: Headers[] = [];
    network.use(http.post(`${UPLOAD_BASE}/*`, ({ request }) => void seen.push(new Headers(request.headers))));
    const file = randomBytes(300_000);
    const form = new FormData();
    form.set("uploadPath", "images/cats");
    form.set("fileName", "cat.png");
    form.set("file", new File([file], "cat.png", { type: "image/png" }));
    const encoded = new Response(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const headers = { "Content-Type": encoded.headers.get("Content-Type") ?? "", "Content-Length": `${bytes.length}` };
    const { res, body } = await ask(
      "/api/file-stream-upload",
      sized ? { method: "POST", body: bytes, headers } : { method: "POST", body: form },
    );
    expect(res.status).toBe(200);
    const size = file.length;
    expect(sim.state.uploads).toEqual([
      { kind: "stream", uploadPath: "images/cats", fileName: "cat.png", size, sha256: await sha256(file) },
    ]);
    expect(seen.map((h) => h.get("Authorization"))).toEqual([`Bearer ${TEST_KIE_KEY}`]);
    expect(JSON.stringify(seen.flatMap((h) => [...h]))).not.toContain(TEST_TOKENS.alice);
    const downloadUrl = "https://tempfile.redpandaai.co/kieai/images/cats/cat.png";
    expect(body).toMatchObject({ success: true, code: 200, data: { downloadUrl, fileSize: size } });
  });

  it("passes base64 and URL uploads through", async () => {
    const png = randomBytes(1000);
    const base64Data = `data:image/png;base64,${btoa(String.fromCharCode(...png))}`;
    const b64 = await ask("/api/file-base64-upload", { method: "POST", json: { base64Data, uploadPath: "b64" } });
    expect(b64.body).toMatchObject({ success: true, code: 200, data: { fileSize: 1000, mimeType: "image/png" } });
    const json = { fileUrl: "https://example.com/dog.jpg", uploadPath: "u", fileName: "d.jpg" };
    const url = await ask("/api/file-url-upload", { method: "POST", json });
    const downloadUrl = "https://tempfile.redpandaai.co/kieai/u/d.jpg";
    expect(url.body).toMatchObject({ success: true, code: 200, data: { fileName: "d.jpg", downloadUrl } });
    expect(sim.state.uploads).toEqual([
      expect.objectContaining({ kind: "base64", uploadPath: "b64", size: 1000, sha256: await sha256(png) }),
      { kind: "url", uploadPath: "u", fileName: "d.jpg", size: 0, sha256: "" },
    ]);
  });
});
