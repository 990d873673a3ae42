// A successful task's files are copied into R2 by the queue's consumer, byte for byte, once each: no client asks.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { fileBytes } from "../../../simulator/app";
import { archiving, deliver, drain, sha256Of } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { sim } from "../../support/network";

it("copies each result file into R2 under caller/family/task/index, with its size, type and SHA-256", async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  expect(archive.jobs).toHaveLength(1);
  await drain(archive);
  const object = await env.ARCHIVE.get(`v1/alice/veo/${taskId}/0`);
  const bytes = (await object?.arrayBuffer()) ?? new ArrayBuffer(0);
  const expected = await fileBytes(0, 1024).arrayBuffer();
  expect(await sha256Of(bytes)).toBe(await sha256Of(expected));
  expect(object?.httpMetadata?.contentType).toBe("video/mp4");
  const { body } = await archive.ask(`/api/v1/archive/${taskId}`);
  expect(body.data).toEqual({
    taskId,
    family: "veo",
    files: [
      {
        index: 0,
        state: "archived",
        size: 1024,
        contentType: "video/mp4",
        sha256: await sha256Of(expected),
        archivedAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    ],
  });
  const [file] = (body.data as { files: { archivedAt: string; expiresAt: string }[] }).files;
  const days = (Date.parse(file?.expiresAt ?? "") - Date.parse(file?.archivedAt ?? "")) / 86_400_000;
  expect(days).toBe(90);
});

it("writes one object when the queue delivers a job twice, and fetches the file once", async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("gpt4o-image/generate", { env: archive.env });
  const [job] = archive.jobs;
  if (!job) throw new Error("no job was sent");
  expect((await deliver([job])).acked).toEqual(["job-0"]);
  const fetches = sim.state.fileFetches;
  const first = await env.ARCHIVE.head(`v1/alice/gpt4o-image/${taskId}/0`);
  expect((await deliver([job])).acked).toEqual(["job-0"]);
  expect(sim.state.fileFetches).toBe(fetches);
  const listed = await env.ARCHIVE.list({ prefix: `v1/alice/gpt4o-image/${taskId}/` });
  expect(listed.objects.map((o) => [o.key, o.etag])).toEqual([[`v1/alice/gpt4o-image/${taskId}/0`, first?.etag]]);
});

it("plans nothing while archiving is off", async () => {
  const archive = archiving({ ARCHIVING: "off" });
  await finishedTask("veo/generate", { env: archive.env });
  expect(archive.jobs).toEqual([]);
  expect((await env.ARCHIVE.list()).objects).toEqual([]);
});
