// KV down for good, over real HTTP: kie-edge runs in wrangler dev with a namespace that throws on every call
// (test/e2e/workers/faulty-kv.ts wraps the real worker), and links still come, straight from kie.ai. The monitor
// keeps working: its state is the coordinator's.
import { afterAll, describe, expect, it } from "vitest";
import { fire } from "./support/load";
import { saveReport } from "./support/report";
import { postJson, useStack } from "./support/stack";

const stack = useStack(
  { UPSTREAM_BACKOFF_MS: "1", LINK_MEMORY_ENTRIES: "0" },
  { main: "test/e2e/workers/faulty-kv.ts", rateLimit: 1_000_000 },
);
let row = "";
afterAll(() =>
  saveReport(
    "faults-kv",
    ["| scenario | requests | outcomes | max latency | upstream calls |", "|---|---|---|---|---|", row].join("\n"),
  ),
);

describe("KV throwing on every call", () => {
  it("still answers every link request, through kie.ai", async () => {
    const urls = Array.from({ length: 50 }, (_, i) => `https://file.aiquickdraw.com/kv/${i % 10}.png`);
    let i = 0;
    const outcome = await fire(50, 5, (signal) =>
      stack.ask("/api/v1/common/download-url", { ...postJson({ url: urls[i++] }), signal }),
    );
    const calls = stack.sim.state.calls["download-url"];
    row = `| KV throws on every call | 50 | ${outcome.statuses[200] ?? 0}× 200 | ${outcome.maxMs.toFixed(0)} ms | ${calls} |`;
    expect(outcome.statuses[200]).toBe(50);
    expect(outcome.hung).toBe(0);
    expect(calls).toBeGreaterThanOrEqual(10);
  });

  it("leaves the monitor answering: its state lives in the coordinator, not in KV", async () => {
    stack.sim.state.balance = 321;
    expect((await stack.ask("/api/v1/monitor/check", { method: "POST" })).status).toBe(200);
    const res = await stack.ask("/api/v1/monitor/status");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { lastBalance: number } }).data.lastBalance).toBe(321);
  });
});
