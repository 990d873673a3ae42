// The monitor's stored state may be of an older shape, or damaged: reading it never turns into a 500. What is
// valid is kept (a week of history is worth keeping), what is not falls back to its default, and the repair is
// logged.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MONITOR_ENV, runCron, T0 } from "../support/cron";
import { ask } from "../support/gateway";
import { receiver } from "../support/receiver";

const KEY = "monitor:v1";
const samples = [
  [T0 / 1000 - 7200, 500],
  [T0 / 1000 - 3600, 480],
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("stored monitor state", () => {
  it("serves an old-shaped document (no alert, no recent) and keeps its history", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await env.STORE.put(KEY, JSON.stringify({ v: 1, samples, pending: [] }));
    const { res, body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ state: "ok", samples: 2, lastBalance: 480, recentAlerts: [], lastCheckAt: null });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ msg: "monitor_state_repaired", fields: ["alert", "lastCheck", "recent"] }),
    );
  });

  it("runs the next check on it as on a fresh state", async () => {
    await env.STORE.put(KEY, JSON.stringify({ v: 1, samples, pending: [], alert: { level: "sideways" } }));
    await runCron(T0, { FORECAST_HOURS: "0" });
    expect(receiver.events().map((e) => e.type)).toEqual([]);
    const { body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(body.data).toMatchObject({ state: "ok", samples: 3, lastCheckOk: true });
  });

  it("drops damaged entries of a list and keeps the rest", async () => {
    await env.STORE.put(KEY, JSON.stringify({ v: 1, samples: [...samples, ["x", 1], null], pending: [{ id: 7 }] }));
    const { body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(body.data).toMatchObject({ samples: 2, pendingAlerts: [] });
  });

  it("starts afresh from a document that is not the monitor's at all", async () => {
    await env.STORE.put(KEY, JSON.stringify(["not", "a", "monitor"]));
    const { res, body } = await ask("/api/v1/monitor/status", { env: MONITOR_ENV });
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ samples: 0, state: "ok" });
  });
});
