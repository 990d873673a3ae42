import { Hono } from "hono/tiny";
import { type AppEnv, success } from "../http";

const DAY_MS = 24 * 3_600_000;

/**
 * `GET /api/v1/tasks/summary` (token): per caller, the tasks still in flight and those finished in the last 24
 * hours, succeeded and failed — the dashboard's task table. A caller sees its own row; an admin caller every row.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" https://kie-edge.example.workers.dev/api/v1/tasks/summary
 * # {"code":200,"msg":"success","data":{"since":"…","callers":[{"caller":"web","inFlight":2,"succeeded":40,"failed":1,
#   "families":{"veo":{"inFlight":2,"succeeded":10,"failed":1},"jobs":{"inFlight":0,"succeeded":30,"failed":0}}}]}}
 * ```
 */
export const taskSummary = new Hono<AppEnv>().get("/summary", async (c) => {
  const caller = c.get("caller");
  const since = Date.now() - DAY_MS;
  const rows = await c.get("services").coordinator.taskSummary(since);
  const visible = c.get("policy").admin ? rows : rows.filter((r) => r.caller === caller);
  return success(c, { since: new Date(since).toISOString(), callers: perCaller(visible) });
});

type Counts = { inFlight: number; succeeded: number; failed: number };

// The coordinator counts per caller and family; callers get their totals, and each family's share.
function perCaller(rows: (Counts & { caller: string; family: string })[]) {
  const callers = new Map<string, Counts & { caller: string; families: Record<string, Counts> }>();
  for (const { caller, family, inFlight, succeeded, failed } of rows) {
    const row = callers.get(caller) ?? { caller, inFlight: 0, succeeded: 0, failed: 0, families: {} };
    row.inFlight += inFlight;
    row.succeeded += succeeded;
    row.failed += failed;
    row.families[family] = { inFlight, succeeded, failed };
    callers.set(caller, row);
  }
  return [...callers.values()];
}
