import { app } from "./app";
import { onSchedule } from "./cron";

export type { AppType } from "./app";
export { Coordinator } from "./coordinator";

export default {
  fetch: app.fetch,
  scheduled: onSchedule,
} satisfies ExportedHandler<Env>;
