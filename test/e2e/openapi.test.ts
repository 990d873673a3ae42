// The published contract, checked by an independent, maintained OpenAPI validator against what the real
// wrangler dev serves, and answered by a typed hc client built from the app's exported type.
import { Validator } from "@seriousme/openapi-schema-validator";
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import type { AppType } from "../../src/app";
import { TEST_CALLBACK_KEY, TEST_TOKENS } from "../support/fixtures";
import { useStack } from "./support/stack";

const stack = useStack({ UPSTREAM_BACKOFF_MS: "1", CALLBACK_SIGNING_KEY: TEST_CALLBACK_KEY });

describe("the published contract", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = (await (await stack.ask("/openapi.json", { token: null })).json()) as Record<string, unknown>;
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("types every call of an hc<AppType> client", async () => {
    const client = hc<AppType>(stack.dev.url, { headers: { Authorization: `Bearer ${TEST_TOKENS.alice}` } });
    stack.sim.state.balance = 321.5;
    const credit = await (await client.api.v1.chat.credit.$get()).json();
    expect(credit.data).toBe(321.5);

    const url = "https://tempfile.aiquickdraw.com/r/typed.png";
    const link = await client.api.v1.common["download-url"].$post({ json: { url } });
    expect(link.status).toBe(200);
    const batch = await (await client.api.v1.common["download-urls"].$post({ json: { urls: [url, "nope"] } })).json();
    expect(batch.data.map((item) => ("error" in item ? item.error.code : item.cached))).toEqual([true, 422]);

    const status = await (await client.api.v1.monitor.status.$get()).json();
    expect(status.data.thresholds.warn).toBe(100);
  });

  it("types the task calls too", async () => {
    const client = hc<AppType>(stack.dev.url, { headers: { Authorization: `Bearer ${TEST_TOKENS.alice}` } });
    const json = { model: "google/imagen4-fast", input: { prompt: "a fox" } };
    const created = await (await client.api.v1.jobs.createTask.$post({ json })).json();
    const { taskId } = created.data;
    const record = await (await client.api.v1.jobs.recordInfo.$get({ query: { taskId } })).json();
    expect([record.message, record.data.taskId]).toEqual(["success", taskId]);
    const secret = await (await client.api.v1.callbacks.secret.$get()).json();
    expect(secret.data.secret).toMatch(/^whsec_/);
    const summary = await (await client.api.v1.tasks.summary.$get()).json();
    expect(summary.data.callers.map((c) => c.caller)).toEqual(["alice"]);
  });
});
