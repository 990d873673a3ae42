// The monitor over HTTP: run a check on demand, read the status and the history, behind the same tokens.
import { describe, expect, it } from "vitest";
import { MONITOR_ENV, runBalances, T0 } from "../support/cron";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { receiver, WEBHOOK_URL } from "../support/receiver";

const env = MONITOR_ENV;

describe("monitor routes", () => {
  it("POST /api/v1/monitor/check runs the check and answers what it did", async () => {
    sim.state.balance = 42.5;
    const { res, body } = await ask("/api/v1/monitor/check", { method: "POST", env });
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({
      ok: true,
      balance: 42.5,
      state: "low",
      pending: 0,
      saved: true,
      webhook: "configured",
    });
    const { raised, delivered } = body.data as { raised: { id: string; type: string }[]; delivered: string[] };
    expect(raised.map((r) => r.type)).toEqual(["credits.low"]);
    expect(delivered).toEqual([raised[0]?.id]);
    expect(receiver.events().map((e) => e.id)).toEqual(delivered);
  });

  it("GET /api/v1/monitor/status tells the state without the webhook's URL", async () => {
    await runBalances([300, 290, 280], { every: 3_600_000 });
    const { body } = await ask("/api/v1/monitor/status", { env });
    expect(body.data).toMatchObject({
      lastBalance: 280,
      lastCheckAt: new Date(T0 + 2 * 3_600_000).toISOString(),
      state: "ok",
      thresholds: { warn: 100, critical: 20 },
      consecutiveFailures: 0,
      lastAlertSent: null,
      webhook: { configured: true, format: "json", signed: false },
      samples: 3,
    });
    expect(JSON.stringify(body)).not.toContain(WEBHOOK_URL);
  });

  it("GET /api/v1/monitor/history?hours=N returns the samples of the last N hours", async () => {
    // Samples 2.5 h, 1.5 h and 0.5 h ago; the last 2 hours hold the latter two, to the second.
    const start = Date.now() - 2.5 * 3_600_000;
    await runBalances([10, 20, 30], { start, every: 3_600_000, env: { FORECAST_HOURS: "0" } });
    const { body } = await ask("/api/v1/monitor/history?hours=2", { env });
    const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
    expect(body.data).toEqual([
      { at: at(start + 3_600_000), balance: 20 },
      { at: at(start + 2 * 3_600_000), balance: 30 },
    ]);
  });

  it("refuses a bad hours value and a missing token", async () => {
    expect((await ask("/api/v1/monitor/history?hours=0", { env })).res.status).toBe(422);
    expect((await ask("/api/v1/monitor/history?hours=1000", { env })).res.status).toBe(422);
    expect((await ask("/api/v1/monitor/status", { env, token: null })).res.status).toBe(401);
  });
});
