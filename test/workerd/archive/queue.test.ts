// Through the real queue (miniflare's): the coordinator sends each job, the Worker's own consumer copies the file,
// and the archive lists it, with no client call and no delivery by hand.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { finishedTask } from "../../support/families";
import { ask, workerFetch } from "../../support/gateway";
import { sim } from "../../support/network";

it("archives a successful task's file through the archive queue and its consumer", async () => {
  const settings = { ARCHIVING: "on" };
  sim.state.sendCallback = (url, init) => workerFetch(new Request(url, init), settings);
  const { taskId } = await finishedTask("gpt4o-image/generate", { env: settings });
  const state = async () => {
    const { body } = await ask(`/api/v1/archive/${taskId}`, { env: settings });
    return (body.data as { files: { state: string }[] } | null)?.files.map((f) => f.state);
  };
  // The queue delivers in its own time: wait for the outcome itself, not for a guess at how long it takes.
  await vi.waitFor(async () => expect(await state()).toEqual(["archived"]), { timeout: 20_000, interval: 100 });
  const listed = await env.ARCHIVE.list({ prefix: `v1/alice/gpt4o-image/${taskId}/` });
  expect(listed.objects.map((o) => o.size)).toEqual([1024]);
});
