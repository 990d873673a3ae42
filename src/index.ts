import { app } from "./app";
import { onSchedule } from "./cron";
import { onArchiveBatch } from "./queue";

export type { AppType } from "./app";
export { Coordinator } from "./coordinator";

export default {
  fetch: app.fetch,
  scheduled: onSchedule,
  queue: onArchiveBatch,
} satisfies ExportedHandler<Env>;
