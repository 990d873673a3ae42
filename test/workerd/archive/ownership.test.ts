// An archived file is its owner's (an admin's too): another caller gets the same 404 as for a task that never was,
// and /download serves it the other caller from kie.ai, not from the archive.
import { expect, it } from "vitest";
import { archiving, drain } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { TEST_TOKENS } from "../../support/fixtures";

async function archived(settings: Record<string, unknown> = {}) {
  const archive = archiving(settings);
  const { taskId, record } = await finishedTask("jobs/createTask", { env: archive.env });
  await drain(archive);
  const url = JSON.parse(String(record.resultJson)).resultUrls[0] as string;
  return { archive, taskId, url };
}

it("answers another caller's task, file and index with the 404 of a task that never was", async () => {
  const { archive, taskId } = await archived();
  const bob = { token: TEST_TOKENS.bob };
  const never = await archive.ask("/api/v1/archive/task_never_was/0", bob);
  for (const path of [`/api/v1/archive/${taskId}/0`, `/api/v1/archive/${taskId}/7`, `/api/v1/archive/${taskId}/x`]) {
    const { res, body } = await archive.ask(path, bob);
    expect([path, res.status, body.msg]).toEqual([path, 404, never.body.msg]);
  }
  expect((await archive.ask(`/api/v1/archive/${taskId}`, bob)).res.status).toBe(404);
  expect((await archive.ask("/api/v1/archive", bob)).body.data).toEqual({ tasks: [] });
  expect((await archive.ask(`/api/v1/archive/${taskId}/7`)).res.status).toBe(404);
});

it("serves an admin anyone's archived file, and lists everyone's", async () => {
  const { archive, taskId } = await archived({ CALLER_POLICIES: JSON.stringify({ bob: { admin: true } }) });
  const bob = { token: TEST_TOKENS.bob };
  expect((await archive.askRaw(`/api/v1/archive/${taskId}/0`, bob)).res.status).toBe(200);
  const { body } = await archive.ask("/api/v1/archive", bob);
  expect((body.data as { tasks: unknown[] }).tasks).toEqual([expect.objectContaining({ taskId, caller: "alice" })]);
});

it("does not serve another caller's archived file through /download or download-url", async () => {
  const { archive, url } = await archived();
  const bob = { token: TEST_TOKENS.bob };
  const download = await archive.askRaw(`/api/v1/common/download?url=${encodeURIComponent(url)}`, bob);
  expect(download.res.status).toBe(200);
  expect(download.res.headers.get("X-Served-From")).toBeNull();
  const link = await archive.ask("/api/v1/common/download-url", { method: "POST", json: { url }, ...bob });
  expect(link.res.headers.get("X-Served-From")).toBeNull();
  expect(String(link.body.data)).not.toContain("/archive/file/");
});
