// The archive's answers are what /openapi.json says they are: each parsed with the very schema the document shows.
import { expect, it } from "vitest";
import * as z from "zod/mini";
import { archiveSchemas, BatchItem, Success } from "../../../src/api/schemas";
import { archiving, drain } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { sim } from "../../support/network";

function conforms(schema: z.ZodMiniType, body: unknown) {
  const result = z.safeParse(schema, body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

it("lists, recent tasks, storage use and archive links match their schemas", async () => {
  const { ArchiveListing, ArchiveRecent, StorageUse } = archiveSchemas();
  const archive = archiving();
  const refused = await finishedTask("jobs/createTask", { env: archive.env });
  sim.state.fileFault = { kind: "serve", contentType: "text/html", times: 1 };
  await drain(archive);
  const { taskId, record } = await finishedTask("jobs/createTask", { env: archive.env });
  await drain(archive);
  conforms(Success(ArchiveListing), (await archive.ask(`/api/v1/archive/${taskId}`)).body);
  conforms(Success(ArchiveListing), (await archive.ask(`/api/v1/archive/${refused.taskId}`)).body);
  conforms(Success(ArchiveRecent), (await archive.ask("/api/v1/archive")).body);
  conforms(Success(StorageUse), (await archive.ask("/api/v1/usage/storage")).body);
  const url = JSON.parse(String(record.resultJson)).resultUrls[0];
  const links = await archive.ask("/api/v1/common/download-urls", { method: "POST", json: { urls: [url] } });
  conforms(Success(z.array(BatchItem)), links.body);
});
