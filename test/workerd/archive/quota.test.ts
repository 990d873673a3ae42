// Per-caller storage quotas beside the budgets: a caller at its quota gets no more files archived (the state says
// why), and usage shows bytes stored and served per caller per day.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { archiving, drain } from "../../support/archive";
import { finishedTask } from "../../support/families";

const today = new Date().toISOString().slice(0, 10);

it("archives up to the caller's quota, then marks files over-quota and copies nothing", async () => {
  const archive = archiving({ CALLER_POLICIES: JSON.stringify({ alice: { archive: { maxBytes: 1000 } } }) });
  const first = await finishedTask("veo/generate", { env: archive.env });
  await drain(archive);
  const second = await finishedTask("veo/generate", { env: archive.env });
  expect(archive.jobs).toEqual([]);
  const { body } = await archive.ask(`/api/v1/archive/${second.taskId}`);
  expect((body.data as { files: unknown[] }).files).toEqual([
    expect.objectContaining({ state: "over-quota", reason: "the caller's archive is at its quota (1000 bytes)" }),
  ]);
  expect((await env.ARCHIVE.list()).objects.map((o) => o.key)).toEqual([`v1/alice/veo/${first.taskId}/0`]);
  const storage = await archive.ask("/api/v1/usage/storage");
  expect(storage.body.data).toEqual(
    expect.objectContaining({ callers: [{ caller: "alice", bytes: 1024, files: 1, quota: 1000 }] }),
  );
});

it("counts bytes stored and served per caller per day, each caller seeing its own", async () => {
  const archive = archiving();
  const { taskId } = await finishedTask("veo/generate", { env: archive.env });
  await drain(archive);
  await archive.askRaw(`/api/v1/archive/${taskId}/0`);
  await archive.askRaw(`/api/v1/archive/${taskId}/0`, { headers: { Range: "bytes=0-99" } });
  const { body } = await archive.ask("/api/v1/usage/storage");
  expect(body.data).toEqual({
    from: expect.any(String),
    to: expect.any(String),
    days: [{ caller: "alice", day: today, storedBytes: 1024, servedBytes: 1124 }],
    callers: [{ caller: "alice", bytes: 1024, files: 1, quota: null }],
  });
  const bob = await archive.ask("/api/v1/usage/storage", { token: "bob-token-0123456789abcdefghijklm" });
  expect(bob.body.data).toEqual(expect.objectContaining({ days: [], callers: [] }));
  expect((await archive.ask("/api/v1/usage/storage?from=yesterday")).res.status).toBe(422);
});
