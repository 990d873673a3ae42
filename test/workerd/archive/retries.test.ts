// A copy that fails on the way (the file host down, a body cut short) is retried with backoff and never half
// written: R2 holds the whole file once the host recovers, or nothing.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ARCHIVE_ATTEMPTS } from "../../../src/archive";
import { archiving, deliver, drain } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { sim } from "../../support/network";

const objects = async () => (await env.ARCHIVE.list({ prefix: "v1/" })).objects.map((o) => [o.key, o.size]);

it("retries through a file host outage with growing delays, then archives the file", async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  const [job] = archive.jobs;
  if (!job) throw new Error("no job was sent");
  sim.state.fileFault = { kind: "outage", status: 503 };
  expect((await deliver([job], 1)).retried).toEqual([{ msgId: "job-0", delaySeconds: 30 }]);
  expect((await deliver([job], 2)).retried).toEqual([{ msgId: "job-0", delaySeconds: 60 }]);
  expect(await objects()).toEqual([]);
  const { body } = await archive.ask(`/api/v1/archive/${taskId}`);
  expect((body.data as { files: unknown[] }).files).toEqual([
    expect.objectContaining({ state: "pending", reason: "the file host answered HTTP 503" }),
  ]);
  sim.state.fileFault = undefined;
  expect((await deliver([job], 3)).acked).toEqual(["job-0"]);
  expect(await objects()).toEqual([[`v1/alice/veo/${taskId}/0`, 1024]]);
});

it("keeps nothing of a body cut short, and copies it whole on the next delivery", async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  sim.state.fileSizes[`/veo/${taskId}/0.mp4`] = 300_000;
  sim.state.fileFault = { kind: "truncate", afterBytes: 100_000, times: 1 };
  expect(await drain(archive)).toBe(2);
  expect(await objects()).toEqual([[`v1/alice/veo/${taskId}/0`, 300_000]]);
});

it(`gives up after ${ARCHIVE_ATTEMPTS} attempts, the job done with and the reason kept`, async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  sim.state.fileFault = { kind: "outage" };
  expect(await drain(archive)).toBe(ARCHIVE_ATTEMPTS);
  const { body } = await archive.ask(`/api/v1/archive/${taskId}`);
  expect((body.data as { files: unknown[] }).files).toEqual([
    expect.objectContaining({ state: "failed", reason: "the file host answered HTTP 503" }),
  ]);
  expect(await objects()).toEqual([]);
});
