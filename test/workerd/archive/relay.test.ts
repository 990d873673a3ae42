// A relayed success says how far its task's archive has come (X-Archive), so a receiver can choose to fetch from
// kie-edge's archive rather than race kie.ai's links; with archiving off there is no such header.
import { expect, it } from "vitest";
import { archiving } from "../../support/archive";
import { startTask } from "../../support/families";
import { sim } from "../../support/network";
import { receiver } from "../../support/receiver";
import { settled } from "../../support/tasks";

it.each([
  ["on", "pending"],
  ["off", undefined],
])("with archiving %s, the success relay's X-Archive is %s", async (setting, header) => {
  const archive = archiving({ ARCHIVING: setting });
  const taskId = await startTask("veo/generate", { env: archive.env });
  await sim.complete(taskId);
  await settled();
  expect(receiver.singleRelay().headers["x-archive"]).toBe(header);
});
