// A Worker that dies mid-copy loses nothing: its job was never acknowledged, so the queue delivers it again, and
// the next delivery copies the whole file over whatever the dead one left unfinished.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { archiving, deliver } from "../../support/archive";
import { finishedTask } from "../../support/families";

it("copies the file whole on the delivery after one that died mid-upload", async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  const key = `v1/alice/veo/${taskId}/0`;
  // What a consumer killed mid-copy leaves: an upload begun, a part sent, never completed, no outcome reported.
  const dead = await env.ARCHIVE.createMultipartUpload(key);
  await dead.uploadPart(1, new Uint8Array(5 * 1024 * 1024));
  const { body: before } = await archive.ask(`/api/v1/archive/${taskId}`);
  expect((before.data as { files: unknown[] }).files).toEqual([expect.objectContaining({ state: "pending" })]);
  expect(await env.ARCHIVE.head(key)).toBeNull();
  expect(await deliver(archive.jobs, 2)).toEqual({ acked: ["job-0"], retried: [] });
  const { body: after } = await archive.ask(`/api/v1/archive/${taskId}`);
  expect((after.data as { files: unknown[] }).files).toEqual([
    expect.objectContaining({ state: "archived", size: 1024 }),
  ]);
  expect((await env.ARCHIVE.head(key))?.size).toBe(1024);
});
