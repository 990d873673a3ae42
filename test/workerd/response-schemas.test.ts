// The schemas /openapi.json is built from must describe what the routes really send: each route's answer,
// success and failure, is parsed with the very schema the document shows for it.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  Balance,
  BatchItem,
  CheckReport,
  Failure,
  Health,
  HistorySample,
  Link,
  MonitorStatus,
  Success,
} from "../../src/api/schemas";
import { MONITOR_ENV, runBalances } from "../support/cron";
import { FILE_URL } from "../support/fixtures";
import { ask } from "../support/gateway";

const env = MONITOR_ENV;

function conforms(schema: z.ZodMiniType, body: unknown) {
  const result = z.safeParse(schema, body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

describe("responses match their documented schemas", () => {
  it("for every success", async () => {
    await runBalances([500, 400, 300], { start: Date.now() - 3 * 3_600_000, every: 3_600_000 });
    conforms(Success(Health), (await ask("/healthz", { token: null })).body);
    conforms(Success(Balance), (await ask("/api/v1/chat/credit", { env })).body);
    conforms(
      Success(Link),
      (await ask("/api/v1/common/download-url", { method: "POST", json: { url: FILE_URL }, env })).body,
    );
    conforms(
      Success(z.array(BatchItem)),
      (await ask("/api/v1/common/download-urls", { method: "POST", json: { urls: [FILE_URL, "x"] }, env })).body,
    );
    conforms(Success(CheckReport), (await ask("/api/v1/monitor/check", { method: "POST", env })).body);
    conforms(Success(MonitorStatus), (await ask("/api/v1/monitor/status", { env })).body);
    conforms(Success(z.array(HistorySample)), (await ask("/api/v1/monitor/history?hours=24", { env })).body);
  });

  it("for failures", async () => {
    for (const answer of [
      await ask("/api/v1/chat/credit", { token: null }),
      await ask("/api/v1/common/download-url", { method: "POST", json: { url: 1 } }),
      await ask("/api/v1/nothing"),
    ]) {
      conforms(Failure, answer.body);
    }
  });
});
