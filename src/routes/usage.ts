import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { Hono } from "hono/tiny";
import { validator } from "hono/validator";
import { type AppEnv, apiError, success, toCsv } from "../http";
import { GROUPS, type Group, LEDGER_RETENTION_MS } from "../ledger";

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const COUNTS = [
  "tasks",
  "succeeded",
  "failed",
  "inFlight",
  "credits",
  "reportedCredits",
  "estimatedCredits",
  "unknownTasks",
  "reserved",
] as const;

/** The usage query as sent: every field may be left out. */
type UsageQuery = { from?: string; to?: string; groupBy?: string };

/** A usage query, read: the window [from, to) in epoch ms, and the groups. */
interface UsageWindow {
  from: number;
  to: number;
  groupBy: Group[];
}

function readWindow(query: UsageQuery, now: number): UsageWindow {
  const time = (name: "from" | "to", fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === "") return fallback;
    const at = DATE.test(raw) ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(at)) throw apiError(422, `${name} must be a date (2026-11-01) or an ISO date-time with a zone`);
    return at;
  };
  const to = time("to", now);
  const from = time("from", to - 30 * DAY_MS);
  if (from >= to) throw apiError(422, "from must be before to");
  if (to - from > LEDGER_RETENTION_MS) throw apiError(422, "from and to may be at most 400 days apart");
  const words = (query.groupBy ?? "caller").split(",").map((w) => w.trim());
  if (!words.every((w): w is Group => (GROUPS as readonly string[]).includes(w))) {
    throw apiError(422, "groupBy must be caller, family, model or day, or several of them comma-separated");
  }
  return { from, to, groupBy: [...new Set(words)] };
}

// Checked here, read again where it is used: the route's input type stays the query as sent, for `hc` clients.
const usageQuery = validator("query", (query): UsageQuery => {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const sent = { from: one(query.from), to: one(query.to), groupBy: one(query.groupBy) };
  readWindow(sent, Date.now());
  return sent;
});

// The ledger's rows for the caller (all rows for an admin).
// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its validated input
function usageOf(c: Context<AppEnv, string, any>, { from, to, groupBy }: UsageWindow) {
  const caller = c.get("caller");
  const admin = c.get("policy").admin;
  return c.get("services").coordinator.usage(from, to, groupBy, admin ? undefined : caller);
}

// `Accept: text/csv` is answered here, before the JSON handler, which keeps the route's JSON type for `hc`.
const csvWhenAsked = createMiddleware<AppEnv, string, { out: { query: UsageQuery } }>(async (c, next) => {
  if (!/\btext\/csv\b/i.test(c.req.header("Accept") ?? "")) return next();
  const query = readWindow(c.req.valid("query"), Date.now());
  const { rows } = await usageOf(c, query);
  c.header("Content-Disposition", 'attachment; filename="kie-edge-usage.csv"');
  const columns = [...GROUPS.filter((g) => query.groupBy.includes(g)), ...COUNTS];
  return c.body(toCsv(columns, rows as unknown as Record<string, unknown>[]), 200, {
    "Content-Type": "text/csv; charset=utf-8",
  });
});

/**
 * The spend ledger over HTTP (token auth); a caller sees its own tasks, an `admin` caller everyone's:
 * - `GET /api/v1/usage?from=…&to=…&groupBy=caller|model|day` credits and task counts of the tasks created in
 *   [from, to) (default: the last 30 days), grouped (several groups comma-separated), with where the credits came
 *   from (reported by kie.ai or estimated) and, by day, the spend no caller explains; `Accept: text/csv` for CSV;
 * - `GET /api/v1/usage/budgets` each visible caller's daily and monthly budget: limit, spent, reserved, left;
 * - `GET /api/v1/usage/storage?from=…&to=…` the archive's bytes stored and served per caller per UTC day in
 *   [from, to), and what each caller keeps now against its quota (see docs/archive.md).
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" -H "Accept: text/csv" \
 *   "https://kie-edge.example.workers.dev/api/v1/usage?from=2026-11-01&groupBy=day,model"
 * ```
 */
export const usage = new Hono<AppEnv>()
  .get("/", usageQuery, csvWhenAsked, async (c) => {
    const query = readWindow(c.req.valid("query"), Date.now());
    const found = await usageOf(c, query);
    return success(c, {
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      groupBy: query.groupBy,
      rows: found.rows,
      unattributed: found.unattributed,
    });
  })
  .get("/budgets", async (c) => {
    const { proxyTokens, tasks } = c.get("config");
    const caller = c.get("caller");
    const { coordinator } = c.get("services");
    // An admin sees every caller: PROXY_TOKENS' names with their policies' budgets, and the callers of runtime keys
    // with the tightest limits their keys set (each key's limit is checked against its caller's whole spend).
    const keyed = c.get("policy").admin ? await coordinator.keyCallers() : [];
    const fromKeys = new Map(keyed.map((k) => [k.caller, k.budget]));
    const names = c.get("policy").admin
      ? [...new Set([...proxyTokens.map((t) => t.name), ...fromKeys.keys()])]
      : [caller];
    // The caller's own budgets are its request's policy's: a runtime key's own where it sets them (src/keys).
    const own = c.get("policy").budget;
    const budgetOf = (name: string) => (name === caller ? own : (tasks.policies[name]?.budget ?? fromKeys.get(name)));
    const visible = names.map((name) => ({ caller: name, budget: budgetOf(name) }));
    const found = await coordinator.budgets(visible);
    return success(
      c,
      found.map(({ caller: name, budgets }) => {
        const of = (period: "daily" | "monthly") => {
          const use = budgets.find((b) => b.period === period);
          return use ? { ...use, resetsAt: new Date(use.resetsAt).toISOString() } : null;
        };
        return { caller: name, daily: of("daily"), monthly: of("monthly") };
      }),
    );
  })
  .get("/storage", usageQuery, async (c) => {
    const { from, to } = readWindow(c.req.valid("query"), Date.now());
    const caller = c.get("policy").admin ? undefined : c.get("caller");
    const use = await c.get("services").coordinator.archiveStorage(from, to, caller);
    return success(c, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...use });
  });
