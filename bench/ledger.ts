// `npm run bench:ledger`: what the spend ledger costs, on real Durable Object SQLite — LedgerStore
// (src/ledger/store.ts) in a SQLite-backed Durable Object of its own (bench/workers/ledger.ts) under one real
// `wrangler dev`, the figures issue 14 asks for:
// - the ledger's writes per task (reserve + accepted + settle + crossings) for a caller with daily and monthly
//   budgets, with 100,000 rows in the ledger: timed inside the object, and as the CPU its process spends on the two
//   events a task makes (createTask, callback), commits included;
// - usage query time over those 100,000 rows (400 days, 10 callers, 20 models), and budgetUse, spendBetween, prune.
// Prints one table and writes it into BENCHMARKS.md between its own markers (kept by `npm run bench`).
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Budget, ModelPrices } from "../src/config";
import { writeSection as putSection } from "./lib/section";
import { startTarget, type Target } from "./lib/targets";
import { machine } from "./report";
import type { Population, QuerySpec, StatementCost, TaskSpec } from "./workers/ledger";

const started = performance.now();
const ROOT = join(import.meta.dirname, "..");
const ROWS = 100_000;
const SEED_CHUNK = 25_000;
const TASKS = 2000;
const STEP_TASKS = 1000;
const UNPRICED_TASKS = 1000;
const WARM_TASKS = 300;
const BATCH = 100;
const CPU_ROUNDS = 5;
const CPU_TASKS = 500;
/** Wall time each query's timed runs aim at, within [MIN_RUNS, MAX_RUNS] runs. */
const QUERY_BUDGET_US = 4_000_000;
const MIN_RUNS = 100;
const MAX_RUNS = 500;

// Noon UTC, so the day's budget has half a day of rows and the month's 24 days.
const NOW = Date.UTC(2026, 10, 25, 12);
const CALLERS = Array.from({ length: 10 }, (_, i) => `app-${String(i + 1).padStart(2, "0")}`);
const MODELS = [
  ["google/imagen4-fast", 4],
  ["google/veo3-fast", 60],
  ["bytedance/seedream-v4", 5],
  ["bytedance/seedance-1-pro", 30],
  ["kling/v2-1-master", 160],
  ["kling/v2-5-turbo", 42],
  ["flux-kontext/pro", 5],
  ["flux-kontext/max", 10],
  ["openai/gpt-image-1", 6],
  ["openai/sora-2", 30],
  ["runway/gen4-turbo", 12],
  ["runway/aleph", 110],
  ["suno/v4-5", 12],
  ["suno/v5", 12],
  ["midjourney/v7", 8],
  ["midjourney/video", 60],
  ["ideogram/v3", 7],
  ["ideogram/character", 12],
  ["qwen/image-edit", 4],
  ["wan/2-5", 50],
] as const;
const POPULATION: Population = {
  now: NOW,
  days: 400,
  callers: CALLERS,
  // Zipf: the busiest caller makes a third of the tasks, the quietest a thirtieth.
  weights: CALLERS.map((_, i) => 1 / (i + 1)),
  models: MODELS.map(([id, credits]) => ({ id, credits })),
  seed: 14,
};
const BUSIEST = CALLERS[0] ?? "app-01";
const BUDGET: Budget = { daily: 1_000_000, monthly: 10_000_000 };
// Every family priced but wan, so its tasks are estimated from the model's reported average.
const PRICES: ModelPrices = {
  exact: { "google/imagen4-fast": 4 },
  prefixes: (
    [
      ["google/", 4],
      ["bytedance/", 5],
      ["kling/", 42],
      ["flux-kontext/", 5],
      ["openai/", 6],
      ["runway/", 12],
      ["suno/", 12],
      ["midjourney/", 8],
      ["ideogram/", 8],
      ["qwen/", 8],
    ] as [string, number][]
  ).sort(([a], [b]) => b.length - a.length),
};
const PRICED: TaskSpec = {
  caller: BUSIEST,
  model: "google/imagen4-fast",
  budget: BUDGET,
  prices: PRICES,
  reported: 4,
  at: NOW,
};
const UNPRICED: TaskSpec = { ...PRICED, model: "wan/2-5", reported: 50 };

const QUERIES: { name: string; figure: string }[] = [
  { name: "usage-30d-caller", figure: '`usage(30 days, ["caller"])` — the default, as an admin' },
  { name: "usage-30d-day-caller", figure: '`usage(30 days, ["day", "caller"])` — the dashboard\'s chart' },
  { name: "usage-400d-model", figure: '`usage(400 days, ["model"])` — every row' },
  { name: "usage-30d-own", figure: '`usage(30 days, ["caller"], caller)` — a caller\'s own rows (the busiest)' },
  { name: "usage-400d-day-own", figure: '`usage(400 days, ["day"], caller)` — the busiest caller, by day' },
  { name: "budget-use", figure: "`budgetUse(caller)` — daily + monthly, the busiest caller" },
  { name: "budgets-all", figure: "`budgetUse` of all 10 callers — `GET /usage/budgets` as an admin" },
  { name: "spend-between", figure: "`spendBetween(last 10 min)` — once per credit check" },
  { name: "prune", figure: "`prune(now)`, nothing to delete — hourly, from the alarm" },
];

interface Stats {
  median: number;
  p99: number;
  max: number;
  n: number;
}

let target: Target | undefined;
let snapshot: string | undefined;
try {
  snapshot = await snapshotBench();
  const storeHash = createHash("sha256")
    .update(await readFile(join(snapshot, "src/ledger/store.ts")))
    .digest("hex")
    .slice(0, 12);
  target = await startTarget("ledger", {
    config: join(snapshot, "bench/workers/ledger.toml"),
    vars: {},
    readyPath: "/",
    readyBody: "ok",
  });
  const edge = target;
  const rpc = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const res = await fetch(`${edge.own}/${method}`, {
      method: "POST",
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(300_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };

  const calibration = await rpc<{ turnsPerMs: number; offsetUs: number; emptyUs: number[] }>("calibrate");
  const floor = stats(calibration.emptyUs);
  console.log(
    `timer: ${calibration.turnsPerMs} turns/ms, offset ${calibration.offsetUs.toFixed(1)} µs; an empty run then reads median ${floor.median.toFixed(1)} µs, p99 ${floor.p99.toFixed(1)} µs`,
  );

  // The ledger: 100,000 rows, inserted with direct SQL in transactions of 25,000.
  let seedMs = 0;
  for (let from = 0; from < ROWS; from += SEED_CHUNK) {
    seedMs += (await rpc<{ ms: number }>("seed", POPULATION, from, Math.min(ROWS, from + SEED_CHUNK), ROWS)).ms;
  }
  const filled = await rpc<{ rows: number; bytes: number; perCaller: Record<string, number>; indexes: string[] }>(
    "stats",
  );
  console.log(
    `ledger: ${filled.rows} rows (${BUSIEST}: ${filled.perCaller[BUSIEST]}), ${(filled.bytes / 2 ** 20).toFixed(1)} MiB, inserted in ${(seedMs / 1000).toFixed(1)} s`,
  );
  if (filled.rows !== ROWS) throw new Error(`the ledger holds ${filled.rows} rows, not ${ROWS}`);

  // What an RPC call that does nothing costs the process, to take off the queries' CPU.
  const rpcBefore = await cpuNanos(edge.pid);
  for (let i = 0; i < 100; i++) await rpc("noop", PRICED, i);
  const rpcUs = ((await cpuNanos(edge.pid)) - rpcBefore) / 100 / 1000;

  // Queries first, on exactly 100,000 rows.
  const queryRows: string[][] = [];
  const notes: string[] = [];
  for (const q of QUERIES) {
    const spec: QuerySpec = { name: q.name, now: NOW, caller: BUSIEST, callers: CALLERS, budget: BUDGET };
    const warm = await rpc<{ us: number[] }>("query", spec, 10);
    const runs = Math.round(Math.min(MAX_RUNS, Math.max(MIN_RUNS, QUERY_BUDGET_US / (stats(warm.us).median + 1500))));
    const { us, rows } = await rpc<{ us: number[]; rows: number }>("query", spec, runs);
    const cost = await rpc<StatementCost[]>("queryCost", spec);
    const cpuBefore = await cpuNanos(edge.pid);
    await rpc("queryBatch", spec, runs);
    const cpuUs = ((await cpuNanos(edge.pid)) - cpuBefore) / 1000 / runs - rpcUs / runs;
    const s = stats(us);
    console.log(
      `${q.name}: ${line(s)}, CPU ${time(cpuUs)}/run, ${rows} rows answered, ${sum(cost, "rowsRead")} rows read`,
    );
    queryRows.push([
      q.figure,
      time(s.median),
      time(s.p99),
      time(s.max),
      String(s.n),
      time(cpuUs),
      readWritten(cost),
      String(rows),
    ]);
    notes.push(...scans(q.name, cost));
  }

  // Writes: warm up, then tasks timed whole, then step by step, then for a model with no price.
  const taskCost = await rpc<StatementCost[][]>("taskCost", PRICED, 0);
  const unpricedCost = await rpc<StatementCost[][]>("taskCost", UNPRICED, 1);
  await rpc("clear");
  let n = 10;
  type Timed = { total: number[]; reserve: number[]; accepted: number[]; settle: number[]; crossings: number[] };
  const batches = async (spec: TaskSpec, count: number, mode: "total" | "steps"): Promise<Timed> => {
    const out: Timed = { total: [], reserve: [], accepted: [], settle: [], crossings: [] };
    for (let done = 0; done < count; done += BATCH) {
      const got = await rpc<Timed>("tasks", spec, n, BATCH, mode);
      n += BATCH;
      for (const key of Object.keys(out) as (keyof Timed)[]) out[key].push(...got[key]);
    }
    return out;
  };
  await batches(PRICED, WARM_TASKS, "total");
  const whole = stats((await batches(PRICED, TASKS, "total")).total);
  const steps = await batches(PRICED, STEP_TASKS, "steps");
  const unpriced = stats((await batches(UNPRICED, UNPRICED_TASKS, "total")).total);
  console.log(`task writes, priced: ${line(whole)}; unpriced: ${line(unpriced)}`);

  // The same writes as two events (createTask, callback), each its own RPC call and commit: the CPU the workerd
  // process spends on them, over as many calls that do nothing, round by round.
  const perTask: number[] = [];
  for (let round = 0; round < CPU_ROUNDS; round++) {
    let taskNs = 0;
    let noopNs = 0;
    for (let done = 0; done < CPU_TASKS; done += BATCH) {
      const t0 = await cpuNanos(edge.pid);
      for (let i = 0; i < BATCH; i++, n++) {
        await rpc("createTask", PRICED, n);
        await rpc("callback", PRICED, n);
      }
      const t1 = await cpuNanos(edge.pid);
      for (let i = 0; i < BATCH; i++) {
        await rpc("noop", PRICED, i);
        await rpc("noop", PRICED, i);
      }
      const t2 = await cpuNanos(edge.pid);
      taskNs += t1 - t0;
      noopNs += t2 - t1;
      await rpc("clear");
    }
    perTask.push((taskNs - noopNs) / CPU_TASKS / 1000);
  }
  const cpu = stats(perTask);
  console.log(`process CPU per task over no-op calls: ${perTask.map((us) => us.toFixed(0)).join(" / ")} µs`);

  if (edge.dev.output().includes("Reloading local server")) {
    throw new Error("wrangler reloaded the Worker during the run: run it again");
  }
  const stepStats = (["reserve", "accepted", "settle", "crossings"] as const).map((k) => stats(steps[k]));
  const [reserveCost, acceptedCost, settleCost, crossingsCost] = taskCost;
  const writeRows: string[][] = [
    [
      "one task's ledger writes (reserve + accepted + settle + crossings), model priced, caller with daily + monthly budgets",
      time(whole.median),
      time(whole.p99),
      time(whole.max),
      String(whole.n),
      `${time(cpu.median)} [${time(Math.min(...perTask))}–${time(Math.max(...perTask))}]`,
      readWritten(taskCost.flat()),
      "",
    ],
    ...(
      [
        ["↳ `reserve`: estimate, both budgets' sums, insert — one transaction", reserveCost],
        ["↳ `accepted`: the task id", acceptedCost],
        ["↳ `settle`: read the row, write the outcome — one transaction", settleCost],
        ["↳ `crossings`: both budgets' sums again (no alert due)", crossingsCost],
      ] as const
    ).map(([figure, cost], i) => {
      const s = stepStats[i] as Stats;
      return [figure, time(s.median), time(s.p99), time(s.max), String(s.n), "", readWritten(cost ?? []), ""];
    }),
    [
      "same, a model with no price (`reserve` averages its reported costs of 30 days)",
      time(unpriced.median),
      time(unpriced.p99),
      time(unpriced.max),
      String(unpriced.n),
      "",
      readWritten(unpricedCost.flat()),
      "",
    ],
  ];
  notes.push(...scans("task writes", taskCost.flat()), ...scans("unpriced task writes", unpricedCost.flat()));

  const took = (performance.now() - started) / 1000;
  const about = `${machine()}; took ${took.toFixed(0)} s`;
  const head = `${filled.rows.toLocaleString("en-US")} rows over 400 days, ${CALLERS.length} callers (the busiest, ${BUSIEST}, has ${filled.perCaller[BUSIEST]?.toLocaleString("en-US")}), ${MODELS.length} models; ${(filled.bytes / 2 ** 20).toFixed(1)} MiB of SQLite (the Durable Object's whole database); inserted in ${(seedMs / 1000).toFixed(1)} s in transactions of ${SEED_CHUNK.toLocaleString("en-US")}. \`src/ledger/store.ts\` as measured: sha256 ${storeHash}…`;
  const timerRow = [
    "(the timer itself: an empty run)",
    time(floor.median),
    time(floor.p99),
    time(floor.max),
    String(floor.n),
    "",
    "",
    "",
  ];
  const table = markdown([timerRow, ...writeRows, ...queryRows]);
  console.log(`\n${head}\n\n${table}\n\n${about}`);
  if (notes.length) console.log(`\nstatements reading over a tenth of the ledger:\n${notes.join("\n")}`);
  await writeSection({ head, table, about, indexes: filled.indexes, calibration, notes });
} finally {
  await target?.dev.stop();
  if (snapshot) await rm(snapshot, { recursive: true, force: true });
}

/**
 * Copies what the bench Worker is built from (src/, bench/workers/ledger.*, tsconfig.json) into a temporary
 * directory with node_modules linked: `wrangler dev` reloads on every change to a watched file, and others may be
 * editing src/ meanwhile.
 */
async function snapshotBench(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kie-edge-ledger-"));
  await cp(join(ROOT, "src"), join(dir, "src"), { recursive: true });
  await mkdir(join(dir, "bench/workers"), { recursive: true });
  for (const file of ["ledger.ts", "ledger.toml"]) {
    await cp(join(ROOT, "bench/workers", file), join(dir, "bench/workers", file));
  }
  await cp(join(ROOT, "tsconfig.json"), join(dir, "tsconfig.json"));
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** CPU time all threads of a process have used, ns (Linux: /proc/<pid>/task/<tid>/schedstat). */
async function cpuNanos(pid: number): Promise<number> {
  let total = 0;
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const line = await readFile(`/proc/${pid}/task/${tid}/schedstat`, "utf8").catch(() => "0");
    total += Number(line.split(" ")[0]);
  }
  return total;
}

/** Median, p99 (nearest rank) and max. */
function stats(xs: number[]): Stats {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { median: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0, n: sorted.length };
}

function time(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`;
}

function line(s: Stats): string {
  return `median ${time(s.median)}, p99 ${time(s.p99)}, max ${time(s.max)} (${s.n} runs)`;
}

function sum(costs: StatementCost[], key: "rowsRead" | "rowsWritten"): number {
  return costs.reduce((total, c) => total + c[key], 0);
}

function readWritten(costs: StatementCost[]): string {
  return `${sum(costs, "rowsRead").toLocaleString("en-US")} / ${sum(costs, "rowsWritten").toLocaleString("en-US")}`;
}

/** The statements that read more than a tenth of the ledger, with SQLite's plan for each. */
function scans(what: string, costs: StatementCost[]): string[] {
  return costs
    .filter((c) => c.rowsRead > ROWS / 10)
    .map(
      (c) =>
        `- ${what}: \`${c.sql.slice(0, 140)}${c.sql.length > 140 ? "…" : ""}\` reads ${c.rowsRead.toLocaleString("en-US")} rows — ${c.plan.join("; ")}`,
    );
}

function markdown(rows: string[][]): string {
  return [
    "| figure | median | p99 | max | runs | CPU per run | rows read / written | rows answered |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** Writes this benchmark's section of BENCHMARKS.md. */
async function writeSection(r: {
  head: string;
  table: string;
  about: string;
  indexes: string[];
  calibration: { turnsPerMs: number; offsetUs: number };
  notes: string[];
}): Promise<void> {
  const section = `## Ledger (\`npm run bench:ledger\`)

Latest run: ${new Date().toISOString()}, on ${r.about}. ${r.head}

${r.table}

How measured:

- **Where**: \`LedgerStore\` from \`src/ledger/store.ts\`, unchanged, in a SQLite-backed Durable Object of its own
  (\`bench/workers/ledger.ts\`) under one real \`wrangler dev\` (workerd's Durable Object SQLite, on disk), built from a
  copy of the working tree taken at the start; the harness calls the object over RPC on the Worker's own port.
  Indexes on \`ledger\` as measured: ${r.indexes.map((i) => `\`${i.replace(/^CREATE INDEX (IF NOT EXISTS )?/, "")}\``).join("; ")}.
- **The ledger**: ${ROWS.toLocaleString("en-US")} rows inserted with direct SQL matching the schema (transactions of
  ${SEED_CHUNK.toLocaleString("en-US")}), in the order kie-edge appends them: created evenly over the 400 days before
  ${new Date(NOW).toISOString()}; callers weighted 1, 1/2, … 1/10; 20 models picked evenly; ~8 % failed (0 credits),
  ~82 % with kie.ai's figure, ~9 % estimated, ~1 % unknown; the last 20 still running. Prices are the benchmark's own.
- **Median, p99, max**: wall time of each run inside the object. workerd's clock moves in whole milliseconds, so
  each run starts right after a tick; when it ends, the turns of the loop that waits out the current millisecond,
  against the turns of the next whole one (~${r.calibration.turnsPerMs.toLocaleString("en-US")}), say how much of it was left. What an empty run reads
  (the median of 50 at the start of each batch, ${r.calibration.offsetUs.toFixed(0)} µs on the first) is taken off every run. The first row is
  that timer's own spread: 500 empty runs. Its p99 (the clock's ticks are uneven here, and the thread is
  preempted on this shared machine) is in every p99 below, so read p99 and max of runs under ~1 ms as the
  timer's, not the ledger's. Synchronous JavaScript and SQLite on one thread: CPU time, unless preempted.
- **CPU per run**: preemption left out. For a query: the CPU of the workerd process running the object (all
  threads, \`/proc/<pid>/task/*/schedstat\`, ns) over one RPC call that runs it as many times untimed, minus a no-op
  call, per run. For a task: the same writes as kie-edge makes them, in two events — one RPC call for \`reserve\` +
  \`accepted\` (createTask), one for \`settle\` + \`crossings\` (the callback), each committed when its call ends —
  over ${CPU_TASKS} tasks, minus twice as many no-op calls with the same arguments, per task; ${CPU_ROUNDS} rounds, median
  [min–max]. Includes workerd's own work for the statements and the commits.
- **Writes**: task n of the busiest caller, created at noon + n s: \`reserve\` (budget ${BUDGET.daily?.toLocaleString("en-US")} a day and
  ${BUDGET.monthly?.toLocaleString("en-US")} a month, far from either: both budget sums run, no alert is due), \`accepted\`, \`settle\` as a
  success with kie.ai's figure, \`crossings\`. ${WARM_TASKS} tasks to warm up, then ${TASKS} timed whole, ${STEP_TASKS} step by step, and
  ${UNPRICED_TASKS} of \`wan/2-5\`, which has no price. In batches of ${BATCH} tasks per RPC call, each batch's rows deleted after it
  (untimed), so every task meets the ${ROWS.toLocaleString("en-US")} rows and at most ${BATCH - 1} of its own. The timed runs do not
  include the commit (it comes when the call ends); the CPU column does.
- **Queries**: on exactly ${ROWS.toLocaleString("en-US")} rows, before any task; \`now\` = ${new Date(NOW).toISOString()}. 10 runs to warm up,
  then as many as fit in ~${QUERY_BUDGET_US / 1e6} s (${MIN_RUNS}–${MAX_RUNS}). **Rows read / written**: the statements'
  \`cursor.rowsRead\` / \`rowsWritten\` — what Durable Object SQLite bills — in one more run; for a task, all four steps.
- **Context**: the Workers Free plan allows 10 ms of CPU per invocation (kie-edge's yardstick, docs/alerts.md).${
    r.notes.length
      ? `\n- **Statements that read more than a tenth of the ledger**, with SQLite's \`EXPLAIN QUERY PLAN\`:\n${r.notes.map((n) => `  ${n}`).join("\n")}`
      : ""
  }
`;
  await putSection("ledger", section);
}
