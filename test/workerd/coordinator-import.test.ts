// The first run after the upgrade takes over what earlier versions kept in KV (monitor:v1) — history, state and
// pending alerts with their ids — once; after that KV is not read again. Until it can be read, the monitor says
// so (503) rather than start from nothing.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { coordinator } from "../support/coordinator";
import { MONITOR_ENV, runCron } from "../support/cron";
import { ask } from "../support/gateway";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";

const now = Math.floor(Date.now() / 1000);
const legacy = {
  v: 1,
  samples: [
    [now - 7200, 120],
    [now - 3600, 95],
  ],
  alert: {
    level: "low",
    lastLevelAlertAt: (now - 3600) * 1000,
    forecastAlerted: false,
    failures: 0,
    checkFailedAlerted: false,
  },
  lastCheck: { at: (now - 3600) * 1000, ok: true, balance: 95 },
  pending: [
    {
      id: "msg_imported0000000000000000000000",
      type: "credits.low",
      createdAt: (now - 3600) * 1000,
      data: {
        balance: 95,
        state: "low",
        thresholds: { warn: 100, critical: 20 },
        burnRatePerHour: null,
        projectedDepletionAt: null,
        consecutiveFailures: 0,
      },
      attempts: 3,
      lastError: "the webhook answered HTTP 500",
    },
  ],
  recent: [],
};

describe("the KV state of earlier versions", () => {
  it("is imported once, pending alerts keeping their ids", async () => {
    await env.STORE.put("monitor:v1", JSON.stringify(legacy));
    const { body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(body.data).toMatchObject({
      samples: 2,
      state: "low",
      lastBalance: 95,
      pendingAlerts: [{ id: "msg_imported0000000000000000000000", attempts: 3 }],
    });

    // KV changes after the import are not read: the coordinator owns the state now.
    await env.STORE.put("monitor:v1", JSON.stringify({ ...legacy, samples: [] }));
    sim.state.balance = 90;
    await runCron(Date.now(), { FORECAST_HOURS: "0" });
    expect(receiver.events().map((e) => e.id)).toEqual(["msg_imported0000000000000000000000"]);
    const after = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(after.body.data).toMatchObject({ samples: 3, state: "low", pendingAlerts: [] });
  });

  it("makes the monitor answer 503 while KV cannot be read, then imports", async () => {
    const broken = { get: () => Promise.reject(new Error("KV down")) };
    const { res, body } = await ask("/api/v1/monitor/status", { env: { ...MONITOR_ENV, STORE: broken } });
    expect(res.status).toBe(503);
    expect(body.msg).toMatch(/could not be read from KV/);
  });
});

describe("stored state", () => {
  it("is validated when read: a row of another shape reads as the initial state", async () => {
    sim.state.balance = 300;
    await runCron(Date.now());
    await runInDurableObject(coordinator(), (_, state) => {
      state.storage.sql.exec("UPDATE state SET value = ? WHERE key = 'alert'", JSON.stringify({ level: "sideways" }));
    });
    const { res, body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ state: "ok", samples: 1 });
  });
});
