// kie.ai misbehaving, for real over HTTP: the simulator fails on command in front of the real wrangler dev,
// and each scenario's requests, statuses, slowest answer and upstream calls go into a table. Invariants:
// no 500 from our code, no request left hanging, each fault answered as the status-mapping table says.
import { afterAll, describe, expect, it } from "vitest";
import type { Fault } from "../../simulator/app";
import { fire, type Outcome } from "./support/load";
import { saveReport } from "./support/report";
import { useStack } from "./support/stack";

// 4 attempts of at most 500 ms, with backoff steps under 50, 100 and 200 ms.
const TIMEOUT = 500;
const stack = useStack(
  { UPSTREAM_TIMEOUT_MS: String(TIMEOUT), UPSTREAM_BACKOFF_MS: "50", ACCESS_LOG: "errors" },
  { rateLimit: 1_000_000 },
);
const rows: string[] = [];

async function scenario(
  name: string,
  fault: Fault,
  n: number,
  rule: { rate?: number; times?: number } = {},
): Promise<Outcome & { calls: number }> {
  stack.sim.reset();
  stack.sim.state.rules.push({ endpoint: "credit", fault, ...rule });
  const outcome = await fire(n, 10, (signal) => stack.ask("/api/v1/chat/credit", { signal }));
  const calls = stack.sim.state.calls.credit;
  const statuses = Object.entries(outcome.statuses)
    .map(([s, c]) => `${c}× ${s}`)
    .join(", ");
  rows.push(
    `| ${name} | ${n} | ${statuses}${outcome.hung ? `, ${outcome.hung} hung` : ""} | ${outcome.maxMs.toFixed(0)} ms | ${calls} |`,
  );
  expect(outcome.hung).toBe(0);
  expect(outcome.statuses[500]).toBeUndefined();
  return { ...outcome, calls };
}

afterAll(() =>
  saveReport(
    "faults-upstream",
    ["| scenario | requests | outcomes | max latency | upstream calls |", "|---|---|---|---|---|", ...rows].join("\n"),
  ),
);

describe("fault injection", () => {
  it("20 % of calls fail with 500: success rate matches 1 − 0.2^4", async () => {
    const n = 200;
    const { statuses, calls } = await scenario("20 % of upstream calls answer 500", { kind: "status", code: 500 }, n, {
      rate: 0.2,
    });
    // Expected failures: 200 × 0.0016 = 0.3; more than 3 has odds of about 1 in 2,500.
    expect(statuses[200]).toBeGreaterThanOrEqual(n - 3);
    expect(calls).toBeGreaterThan(n * 1.1);
    expect(calls).toBeLessThan(n * 1.45);
  });

  it("a hanging upstream: every request answered 504 within timeout × attempts + backoff", async () => {
    const { statuses, maxMs, calls } = await scenario("upstream hangs past the timeout", { kind: "hang" }, 10);
    expect(statuses[504]).toBe(10);
    expect(calls).toBe(40);
    expect(maxMs).toBeLessThan(TIMEOUT * 4 + 350 + 1500);
  });

  it("429 with Retry-After: 2 is waited out, and passed on once the retries are spent", async () => {
    const busy = { kind: "status", code: 429, retryAfter: "2" } as const;
    const once = await scenario("429 once, Retry-After 2", busy, 1, { times: 1 });
    expect([once.statuses[200], once.calls]).toEqual([1, 2]);
    expect(once.maxMs).toBeGreaterThanOrEqual(2000);
    const always = await scenario("429 on every call, Retry-After 2", busy, 3);
    expect([always.statuses[429], always.calls]).toEqual([3, 12]);
    expect(always.maxMs).toBeGreaterThanOrEqual(6000);
    expect(always.maxMs).toBeLessThan(30_000);
  });

  it("maintenance (455 with Retry-After: 60) is passed on at once, not waited out", async () => {
    const { statuses } = await scenario(
      "455 maintenance, Retry-After 60",
      { kind: "status", code: 455, retryAfter: "60" },
      20,
    );
    expect(statuses[455]).toBe(20);
  });

  it.each([
    ["HTTP 200 with code 401", { kind: "status", code: 401, http: 200 } as Fault],
    ["an HTML page instead of JSON", { kind: "html" } as Fault],
    ["truncated JSON", { kind: "truncated" } as Fault],
    ["data of the wrong type", { kind: "wrong-type" } as Fault],
    ["connections dropped", { kind: "network" } as Fault],
  ])("%s answers 502 with its cause", async (name, fault) => {
    const { statuses } = await scenario(name, fault, 10);
    expect(statuses[502]).toBe(10);
  });
});
