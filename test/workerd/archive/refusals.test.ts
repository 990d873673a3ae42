// What the file host sends that is not the file is refused, never kept: HTML for media, a file over the limit. The
// task's archive says why, the job is done with, and R2 holds nothing for it.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { archiving, deliver } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { sim } from "../../support/network";

async function refused(settings: Record<string, unknown> = {}) {
  const archive = archiving(settings);
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  const result = await deliver(archive.jobs, 1, settings);
  const { body } = await archive.ask(`/api/v1/archive/${taskId}`);
  const objects = (await env.ARCHIVE.list({ prefix: "v1/" })).objects;
  return { result, files: (body.data as { files: unknown[] }).files, objects, archive, taskId };
}

it("refuses an HTML page served for a video, for good, and says so", async () => {
  sim.state.fileFault = { kind: "serve", contentType: "text/html" };
  const { result, files, objects } = await refused();
  expect(result).toEqual({ acked: ["job-0"], retried: [] });
  expect(files).toEqual([
    expect.objectContaining({
      index: 0,
      state: "failed",
      size: null,
      reason: "the file host answered text/html, not media",
    }),
  ]);
  expect(objects).toEqual([]);
});

it("refuses a file over ARCHIVE_MAX_FILE_BYTES before copying a byte", async () => {
  const { result, files, objects } = await refused({ ARCHIVE_MAX_FILE_BYTES: "1000" });
  expect(result.acked).toEqual(["job-0"]);
  expect(files).toEqual([
    expect.objectContaining({ state: "failed", reason: "the file is 1024 bytes, over ARCHIVE_MAX_FILE_BYTES (1000)" }),
  ]);
  expect(objects).toEqual([]);
});

it("answers 404 for the file itself while it is not archived, the same as for a file that never was", async () => {
  sim.state.fileFault = { kind: "serve", contentType: "text/html" };
  const { archive, taskId } = await refused();
  const failed = await archive.ask(`/api/v1/archive/${taskId}/0`);
  const never = await archive.ask(`/api/v1/archive/${taskId}/1`);
  expect(failed.res.status).toBe(404);
  expect(never.body).toEqual(failed.body);
});
