import { app } from "./app";
import { onSchedule } from "./monitor/scheduled";

export type { AppType } from "./app";

export default {
  fetch: app.fetch,
  scheduled: onSchedule,
} satisfies ExportedHandler<Env>;
