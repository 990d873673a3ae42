// The status-mapping table of docs/routes.md, row by row: what a caller gets for each answer kie.ai can give.
// Transient codes are retried first (UPSTREAM_MAX_RETRIES=3, so four attempts), caller faults never are.
import { describe, expect, it } from "vitest";
import type { Fault } from "../../simulator/app";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

const rows: { upstream: string; fault: Fault; status: number; msg: RegExp; attempts: number }[] = [
  {
    upstream: "402",
    fault: { kind: "status", code: 402, msg: "Insufficient credits" },
    status: 402,
    msg: /^Insufficient credits$/,
    attempts: 1,
  },
  {
    upstream: "422",
    fault: { kind: "status", code: 422, msg: "bad params" },
    status: 422,
    msg: /^bad params$/,
    attempts: 1,
  },
  ...[400, 409, 413, 451].map((code) => ({
    upstream: String(code),
    fault: { kind: "status" as const, code, msg: `kie.ai said ${code}` },
    status: code,
    msg: new RegExp(`^kie.ai said ${code}$`),
    attempts: 1,
  })),
  {
    upstream: "505",
    fault: { kind: "status", code: 505, msg: "feature disabled" },
    status: 505,
    msg: /^feature disabled$/,
    attempts: 1,
  },
  {
    upstream: "429",
    fault: { kind: "status", code: 429 },
    status: 429,
    msg: /rate limit.*after 4 attempts/,
    attempts: 4,
  },
  {
    upstream: "455",
    fault: { kind: "status", code: 455 },
    status: 455,
    msg: /maintenance.*after 4 attempts/,
    attempts: 4,
  },
  {
    upstream: "HTTP 200, code 401",
    fault: { kind: "status", code: 401, http: 200 },
    status: 502,
    msg: /KIE_API_KEY.*proxy token is fine/,
    attempts: 1,
  },
  { upstream: "404", fault: { kind: "status", code: 404 }, status: 502, msg: /KIE_BASE_URL/, attempts: 1 },
  {
    upstream: "500",
    fault: { kind: "status", code: 500 },
    status: 502,
    msg: /code 500.*after 4 attempts/,
    attempts: 4,
  },
  {
    upstream: "503 (no body)",
    fault: { kind: "status", code: 503, http: 503 },
    status: 502,
    msg: /code 503.*after 4 attempts/,
    attempts: 4,
  },
  {
    upstream: "an unlisted code (433)",
    fault: { kind: "status", code: 433 },
    status: 502,
    msg: /code 433/,
    attempts: 1,
  },
  {
    upstream: "an HTML page",
    fault: { kind: "html" },
    status: 502,
    msg: /HTTP 502 without a kie\.ai body.*after 4 attempts/,
    attempts: 4,
  },
  {
    upstream: "truncated JSON",
    fault: { kind: "truncated" },
    status: 502,
    msg: /malformed.*after 1 attempt$/,
    attempts: 1,
  },
  {
    upstream: "data of the wrong type",
    fault: { kind: "wrong-type" },
    status: 502,
    msg: /malformed.*wrong type/,
    attempts: 1,
  },
  {
    upstream: "a dropped connection",
    fault: { kind: "network" },
    status: 502,
    msg: /could not be reached.*after 4 attempts/,
    attempts: 4,
  },
];

describe("status mapping", () => {
  it.each(rows)("upstream $upstream → $status", async ({ fault, status, msg, attempts }) => {
    sim.state.rules.push({ endpoint: "credit", fault });
    const { res, body } = await ask("/api/v1/chat/credit");
    expect(res.status).toBe(status);
    expect(body.code).toBe(status);
    expect(body.msg).toMatch(msg);
    expect(body.data).toBeNull();
    expect(res.headers.get("X-Upstream-Attempts")).toBe(String(attempts));
    expect(sim.state.calls.credit).toBe(attempts);
  });

  it("passes Retry-After on with a 429 it gives up on", async () => {
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 429, retryAfter: "7" } });
    // A 7-second wait does not fit a 2-second budget: the gateway answers at once instead of waiting in vain.
    const { res } = await ask("/api/v1/chat/credit", { env: { UPSTREAM_BUDGET_MS: "2000" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("7");
    expect(sim.state.calls.credit).toBe(1);
  });
});
