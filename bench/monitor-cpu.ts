// `npm run bench:monitor`: the CPU one check spends on its own work with 7 days of history, measured under Node,
// the way it is kept now and the way it was:
// - the coordinator: read the state and the burn-rate window from SQLite, forecast, evaluate, write the sample (and
//   prune past 7 days) and the state in one transaction — on Node's own SQLite (node:sqlite), standing in for a
//   Durable Object's;
// - before it, one KV value: parse the whole document, add a sample, forecast, evaluate, serialize it again.
// I/O waits (kie.ai, the webhook) do not count against the Workers CPU limit (10 ms on the free plan).

import { performance } from "node:perf_hooks";
import { DatabaseSync } from "node:sqlite";
import type { MonitorSettings } from "../src/config";
import { type AlertState, evaluate, INITIAL_ALERT_STATE } from "../src/monitor/alerts";
import { forecast } from "../src/monitor/forecast";
import { HISTORY_SECONDS, type Sample } from "../src/monitor/history";
import { MonitorStore } from "../src/monitor/sql-store";

// The stored document's shape (src/monitor/store.ts), without its KV types, which are the Worker's, not Node's.
type Doc = { v: 1; samples: Sample[]; alert: AlertState; lastCheck: null; pending: never[]; recent: never[] };

const settings: MonitorSettings = {
  warnThreshold: 100,
  criticalThreshold: 20,
  recoveryMargin: 0.1,
  forecastHours: 24,
  burnWindowHours: 24,
  repeatHours: 24,
  failuresBeforeAlert: 3,
  checkMinIntervalMs: 0,
};

// A full week at one sample per 10 minutes, a slow burn with a top-up every two days.
const now = Date.UTC(2026, 10, 24);
const samples: Sample[] = [];
for (let t = now / 1000 - HISTORY_SECONDS, b = 5000; t < now / 1000; t += 600) {
  b = (t / 600) % 288 === 0 ? b + 2000 : b - Math.random() * 3;
  samples.push([t, Math.round(b * 100) / 100]);
}
const stored = JSON.stringify({
  v: 1,
  samples,
  alert: INITIAL_ALERT_STATE,
  lastCheck: null,
  pending: [],
  recent: [],
} satisfies Doc);

// How the KV document kept its samples: in time order, 7 days.
function appendSample(history: readonly Sample[], sample: Sample, nowMs: number): Sample[] {
  const oldest = Math.floor(nowMs / 1000) - HISTORY_SECONDS;
  const kept = history.filter(([at]) => at >= oldest);
  let i = kept.length;
  while (i > 0 && (kept[i - 1]?.[0] ?? 0) > sample[0]) i--;
  kept.splice(i, 0, sample);
  return kept;
}

function oneRun(i: number): string {
  const doc = JSON.parse(stored) as Doc;
  const at = now + i * 1000;
  doc.samples = appendSample(doc.samples, [Math.floor(at / 1000), 1234.56], at);
  const seen = { ok: true as const, balance: 1234.56, forecast: forecast(doc.samples, settings.burnWindowHours, at) };
  doc.alert = evaluate(doc.alert, seen, settings, at, () => "msg_bench").state;
  return JSON.stringify(doc);
}

// A Durable Object's SqlStorage, on node:sqlite.
const db = new DatabaseSync(":memory:");
const sql = {
  exec(query: string, ...bindings: unknown[]) {
    const statement = db.prepare(query);
    let rows: unknown[] = [];
    if (/^\s*SELECT/i.test(query)) rows = statement.all(...(bindings as never[]));
    else statement.run(...(bindings as never[]));
    return { toArray: () => rows, one: () => rows[0] };
  },
} as unknown as SqlStorage;
const transaction = <T>(fn: () => T): T => {
  db.exec("BEGIN");
  try {
    const out = fn();
    db.exec("COMMIT");
    return out;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
};
const store = new MonitorStore(sql, transaction);
transaction(() => {
  for (const [t, b] of samples) sql.exec("INSERT INTO samples (at, balance) VALUES (?, ?)", t, b);
});

// One check every 10 minutes, as the cron runs them: the store stays at a week of samples.
function oneCheck(i: number): void {
  const at = now + i * 600_000;
  const { alert } = store.state();
  const window: Sample[] = [
    ...store.samplesSince(at - settings.burnWindowHours * 3_600_000),
    [Math.floor(at / 1000), 1234.56],
  ];
  const seen = { ok: true as const, balance: 1234.56, forecast: forecast(window, settings.burnWindowHours, at) };
  const { state, alerts } = evaluate(alert, seen, settings, at, () => `msg_bench_${i}`);
  store.record({
    sample: [Math.floor(at / 1000), 1234.56],
    alert: state,
    lastCheck: { at, ok: true, balance: 1234.56 },
    alerts,
    queue: true,
    now: at,
  });
}

function measure(run: (i: number) => unknown): { p50: number; p99: number; max: number } {
  for (let i = 0; i < 2000; i++) run(i); // warm up the JIT, as a busy isolate would be
  const times: number[] = [];
  for (let i = 2000; i < 7000; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[2500] ?? 0, p99: times[4950] ?? 0, max: times.at(-1) ?? 0 };
}

const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const line = (m: { p50: number; p99: number; max: number }) => `p50 ${us(m.p50)}   p99 ${us(m.p99)}   max ${us(m.max)}`;
console.log(`one check's own work, ${samples.length} samples (7 days), 5,000 runs after 2,000 to warm up:`);
console.log(`  coordinator (SQLite rows):        ${line(measure(oneCheck))}   (${store.sampleCount()} samples kept)`);
console.log(`  before (one ${(stored.length / 1024).toFixed(1)} KiB KV document): ${line(measure(oneRun))}`);
console.log("  Workers free-plan CPU limit per invocation: 10 ms");
