// The copy itself: a large file goes up in equal parts and comes back byte-exact with its SHA-256; a body that
// disagrees with its Content-Length or outgrows the limit leaves nothing in R2 (the upload is aborted).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { fileBytes } from "../../../simulator/app";
import { copyToR2, PART_BYTES } from "../../../src/archive";
import { sha256Of } from "../../support/archive";

// A file's bytes, with `declared` as its Content-Length (none when null).
function served(size: number, declared: number | null = size): Response {
  const headers: Record<string, string> = { "Content-Type": "video/mp4" };
  if (declared !== null) headers["Content-Length"] = String(declared);
  return new Response(fileBytes(0, size).body, { headers });
}

it("copies a file of several parts byte for byte, with its SHA-256", async () => {
  const size = 2 * PART_BYTES + 12_345;
  const copied = await copyToR2(env.ARCHIVE, "v1/a/veo/t/0", served(size), { maxBytes: 1e9 });
  const expected = await fileBytes(0, size).arrayBuffer();
  expect(copied).toEqual({ size, contentType: "video/mp4", sha256: await sha256Of(expected) });
  const object = await env.ARCHIVE.get("v1/a/veo/t/0");
  expect(await sha256Of((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toBe(copied.sha256);
});

const LIMIT = PART_BYTES + 25;

it.each([
  ["shorter than declared", served(PART_BYTES + 10, PART_BYTES + 20), "sent 10485770 of the 10485780 bytes"],
  ["longer than declared", served(PART_BYTES + 24, PART_BYTES + 20), "sent more than it declared"],
  ["past the limit with no length", served(LIMIT + 1, null), `passed ARCHIVE_MAX_FILE_BYTES (${LIMIT})`],
])("leaves nothing when the body is %s", async (_, res, reason) => {
  await expect(copyToR2(env.ARCHIVE, "v1/a/veo/t/0", res, { maxBytes: LIMIT })).rejects.toThrow(reason);
  expect((await env.ARCHIVE.list()).objects).toEqual([]);
});
