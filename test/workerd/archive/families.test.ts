// Every family's results are archived where its declaration says they are: a Suno track's two audio files, a Veo
// video, an image — each file its own job, its own object, in the order of the record's results.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { resultUrls } from "../../../src/families";
import { archiving, drain } from "../../support/archive";
import { finishedTask, KIND_OPS } from "../../support/families";

it.each([
  ["jobs/createTask", "jobs"],
  ["veo/generate", "veo"],
  ["suno/generate", "suno"],
  ["mj/generate", "mj"],
  ["flux-kontext/generate", "flux-kontext"],
  ["runway/generate", "runway"],
])("%s: one object per result file", async (op, family) => {
  const archive = archiving();
  const { taskId, record } = await finishedTask(op, { env: archive.env });
  const kind = KIND_OPS.find(([, , creator]) => creator === op)?.[1];
  if (!kind) throw new Error(`no kind for ${op}`);
  const urls = resultUrls(kind, record as never);
  expect(urls.length).toBeGreaterThan(0);
  if (op === "suno/generate") expect(urls).toHaveLength(2);
  expect(archive.jobs).toHaveLength(urls.length);
  await drain(archive);
  const listed = await env.ARCHIVE.list({ prefix: `v1/alice/${family}/${taskId}/` });
  expect(listed.objects.map((o) => o.key)).toEqual(urls.map((_, i) => `v1/alice/${family}/${taskId}/${i}`));
  const { body } = await archive.ask(`/api/v1/archive/${taskId}`);
  const files = (body.data as { files: { state: string }[] }).files;
  expect(files.map((f) => f.state)).toEqual(urls.map(() => "archived"));
});
