import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { coordinatorEnv } from "./coordinator";
import { sim } from "./network";
import { WEBHOOK_URL } from "./receiver";

/** Settings of the monitor tests: a JSON webhook, retries that wait a millisecond, no retries of kie.ai calls. */
export const MONITOR_ENV = { ALERT_WEBHOOK_URL: WEBHOOK_URL, ALERT_RETRY_BACKOFF_MS: "1", UPSTREAM_MAX_RETRIES: "0" };

/** A fixed start, so runs can be spaced in simulated time. */
export const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * Runs the worker's cron trigger as Cloudflare would, at simulated time `at`, with the monitor settings plus
 * `overrides`.
 */
export async function runCron(at: number, overrides: Record<string, unknown> = {}): Promise<void> {
  await coordinatorEnv({ ...MONITOR_ENV, ...overrides });
  const controller = createScheduledController({ scheduledTime: at, cron: "*/10 * * * *" });
  const ctx = createExecutionContext();
  const handler: ExportedHandler<Env> = worker;
  await handler.scheduled?.(controller, { ...env, ...MONITOR_ENV, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
}

/** One cron run per balance, `every` apart from `start`; returns the time after the last run. */
export async function runBalances(
  balances: number[],
  options: { start?: number; every?: number; env?: Record<string, unknown> } = {},
): Promise<number> {
  let at = options.start ?? T0;
  for (const balance of balances) {
    sim.state.balance = balance;
    await runCron(at, options.env);
    at += options.every ?? 10 * MINUTE;
  }
  return at;
}
