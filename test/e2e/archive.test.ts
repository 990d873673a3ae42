// Results archived with no client call, against the real `wrangler dev` with local R2 and Queues: an image, a Veo
// video and a Suno track's two audio files; served with Range and ETag; still served byte-exact once kie.ai has
// forgotten them; and a file host outage during a copy ends with the file archived once the host recovers.
import { createHash } from "node:crypto";
import { beforeAll, expect, it, vi } from "vitest";
import { fileBytes } from "../../simulator/app";
import { resultUrls } from "../../src/families";
import * as F from "./support/families";
import { useStack } from "./support/stack";

const stack = useStack({ ARCHIVING: "on", ARCHIVE_RETRY_SECONDS: "1" });
const VIDEO_BYTES = 3_000_000;
const made = new Map<string, { taskId: string; urls: string[] }>();

type Listed = { files: { index: number; state: string; size: number; sha256: string }[] };
const sha256 = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");
const simBytes = async (size: number) => fileBytes(0, size).arrayBuffer();

/** Waits, bounded, until every one of the task's `count` files is archived; the listing. */
function archived(taskId: string, count: number): Promise<Listed> {
  return vi.waitFor(
    async () => {
      const body = (await (await stack.ask(`/api/v1/archive/${taskId}`)).json()) as { data: Listed | null };
      const states = body.data?.files.map((f) => f.state);
      if (states?.length !== count || !states.every((s) => s === "archived")) throw new Error(`${taskId}: ${states}`);
      return body.data as Listed;
    },
    { timeout: 30_000, interval: 200 },
  );
}

async function finished(id: string, size?: number) {
  const sim = stack.sim.state;
  sim.taskSettings.durationMs = size === undefined ? 0 : null;
  const called = await F.callOp(stack, id, F.sentOf(id));
  if (size !== undefined) {
    sim.fileSizes[`/veo/${called.taskId}/0.mp4`] = size;
    await stack.sim.complete(called.taskId);
  }
  const record = await F.finalRecord(stack, F.kindOf(id), called.taskId);
  return { taskId: called.taskId, urls: resultUrls(F.kindOf(id), record) };
}

beforeAll(async () => {
  made.set("jobs/createTask", await finished("jobs/createTask"));
  made.set("veo/generate", await finished("veo/generate", VIDEO_BYTES));
  made.set("suno/generate", await finished("suno/generate"));
}, 60_000);

it.each([
  ["jobs/createTask", 1],
  ["veo/generate", 1],
  ["suno/generate", 2],
])("%s: every result file archived, byte-exact, with no client call", async (id, count) => {
  const { taskId, urls } = made.get(id) as { taskId: string; urls: string[] };
  expect(urls).toHaveLength(count);
  const { files } = await archived(taskId, count);
  for (const file of files) {
    const res = await stack.ask(`/api/v1/archive/${taskId}/${file.index}`);
    const bytes = await res.arrayBuffer();
    expect([res.status, sha256(bytes), file.sha256]).toEqual([200, sha256(await simBytes(file.size)), sha256(bytes)]);
  }
});

it("serves the video with Range and ETag", async () => {
  const { taskId } = made.get("veo/generate") as { taskId: string };
  await archived(taskId, 1);
  const part = await stack.ask(`/api/v1/archive/${taskId}/0`, { headers: { Range: "bytes=1000000-1000999" } });
  expect([part.status, part.headers.get("Content-Range")]).toEqual([206, `bytes 1000000-1000999/${VIDEO_BYTES}`]);
  expect(new Uint8Array(await part.arrayBuffer())).toEqual(
    new Uint8Array(await fileBytes(1_000_000, 1_001_000).arrayBuffer()),
  );
  const etag = part.headers.get("ETag") ?? "";
  const again = await stack.ask(`/api/v1/archive/${taskId}/0`, { headers: { "If-None-Match": etag } });
  expect(again.status).toBe(304);
});

it("still serves every file byte-exact through /download after kie.ai forgets them", async () => {
  for (const [id, count] of [
    ["jobs/createTask", 1],
    ["veo/generate", 1],
    ["suno/generate", 2],
  ] as const) {
    await archived((made.get(id) as { taskId: string }).taskId, count);
  }
  stack.sim.forgetFiles();
  const asked = stack.sim.state.calls["download-url"];
  for (const { urls } of made.values()) {
    for (const url of urls) {
      const res = await stack.ask(`/api/v1/common/download?url=${encodeURIComponent(url)}`);
      const bytes = await res.arrayBuffer();
      expect([url, res.status, res.headers.get("X-Served-From")]).toEqual([url, 200, "archive"]);
      expect(sha256(bytes)).toBe(sha256(await simBytes(bytes.byteLength)));
    }
  }
  expect(stack.sim.state.calls["download-url"]).toBe(asked);
});

it("archives a file whose host was down during the copy, once it recovers", async () => {
  stack.sim.state.fileFault = { kind: "outage", status: 503, times: 3 };
  const { taskId } = await finished("gpt4o-image/generate");
  const { files } = await archived(taskId, 1);
  expect(stack.sim.state.fileFault).toBeUndefined();
  expect(files[0]?.sha256).toBe(sha256(await simBytes(1024)));
});
