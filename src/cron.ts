import { configFor, coordinatorFor } from "./services";

/**
 * The cron trigger (`[triggers] crons` in wrangler.toml): one credit check per run, run by the account
 * coordinator, logged as one structured line. A misconfigured deploy logs its problems and checks nothing. The scheduled time is the check's time, so
 * runs are spaced exactly as the cron says.
 *
 * @example
 * ```ts
 * export default { fetch: app.fetch, scheduled: onSchedule } satisfies ExportedHandler<Env>
 * ```
 */
export async function onSchedule(controller: ScheduledController, env: Env): Promise<void> {
  const result = configFor(env);
  if (!result.ok) {
    console.error({ level: "error", msg: "misconfigured", trigger: "cron", problems: result.problems });
    return;
  }
  const started = Date.now();
  try {
    const report = await coordinatorFor(env).check(controller.scheduledTime, false);
    console.log({
      level: report.ok ? "info" : "warn",
      msg: "monitor_check",
      trigger: "cron",
      cron: controller.cron,
      durationMs: Date.now() - started,
      ...report,
    });
  } catch (err) {
    console.error({ level: "error", msg: "monitor_check_failed", trigger: "cron", error: (err as Error).name });
    throw err;
  }
}
