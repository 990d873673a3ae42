// The platform's floor for bench:archive: a file fetched and put into R2 — as one stream, or in 10 MiB parts as
// kie-edge puts a large file — and read back, with none of kie-edge's checks: what local R2 itself costs in memory
// and CPU, so the archive's own share can be told apart.
interface Env {
  ARCHIVE: R2Bucket;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const key = url.searchParams.get("key") ?? "file";
    if (url.pathname === "/copy") {
      const res = await fetch(url.searchParams.get("src") ?? "");
      if (url.searchParams.has("parts")) await inParts(env.ARCHIVE, key, res);
      else await env.ARCHIVE.put(key, res.body, { httpMetadata: { contentType: "video/mp4" } });
      return new Response("copied");
    }
    if (url.pathname === "/get") {
      const object = await env.ARCHIVE.get(key);
      return object ? new Response(object.body) : new Response("none", { status: 404 });
    }
    return new Response("r2-copy");
  },
};

const PART = 10 * 1024 * 1024;

// Parts of exactly PART bytes (R2 wants all but the last of one size), read straight off the response.
async function inParts(bucket: R2Bucket, key: string, res: Response): Promise<void> {
  const upload = await bucket.createMultipartUpload(key, { httpMetadata: { contentType: "video/mp4" } });
  const parts: R2UploadedPart[] = [];
  let part = new Uint8Array(PART);
  let filled = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let at = 0; at < chunk.length; ) {
      const n = Math.min(PART - filled, chunk.length - at);
      part.set(chunk.subarray(at, at + n), filled);
      [filled, at] = [filled + n, at + n];
      if (filled === PART) {
        parts.push(await upload.uploadPart(parts.length + 1, part));
        [part, filled] = [new Uint8Array(PART), 0];
      }
    }
  }
  if (filled > 0) parts.push(await upload.uploadPart(parts.length + 1, part.subarray(0, filled)));
  await upload.complete(parts);
}
