import { Hono } from "hono/tiny";
import { validator } from "hono/validator";
import { type AppEnv, apiError, onError, success } from "../http";
import { STATE_UNAVAILABLE } from "../monitor";

const hoursQuery = validator("query", (query) => {
  const raw = query.hours ?? "24";
  const hours = typeof raw === "string" && /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(hours >= 1 && hours <= 168)) throw apiError(422, "hours must be a whole number from 1 to 168");
  return { hours };
});

/**
 * The credit monitor over HTTP (token auth), answered by the account coordinator:
 * - `POST /api/v1/monitor/check` runs the cron's check now and answers what it did (within
 *   `MONITOR_CHECK_MIN_INTERVAL_S` of the last check: that check's result, `reused: true`);
 * - `GET /api/v1/monitor/status` the last balance, state, thresholds, burn rate, projected depletion, failures,
 *   alerts sent and pending;
 * - `GET /api/v1/monitor/history?hours=N` the samples of the last N hours (1–168, default 24).
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" https://kie-edge.example.workers.dev/api/v1/monitor/status
 * ```
 */
export const monitor = new Hono<AppEnv>()
  .onError((err, c) =>
    // Without its state the monitor cannot say anything true; the caller may simply ask again. (Over RPC an
    // error keeps its message, not its class.)
    err instanceof Error && err.message.startsWith(STATE_UNAVAILABLE)
      ? onError(apiError(503, `${err.message}; try again shortly`), c)
      : onError(err, c),
  )
  .post("/check", async (c) => {
    return success(c, await c.get("services").coordinator.check(Date.now(), true));
  })
  .get("/status", async (c) => {
    return success(c, await c.get("services").coordinator.status(Date.now()));
  })
  .get("/history", hoursQuery, async (c) => {
    const { hours } = c.req.valid("query");
    return success(c, await c.get("services").coordinator.history(Date.now() - hours * 3_600_000));
  });
