// `npm run bench:monitor`: the CPU one scheduled run spends on its own work with 7 days of history — parse the
// KV value, add a sample, forecast, evaluate, serialize — measured under Node. I/O waits (kie.ai, KV, webhook)
// do not count against the Workers CPU limit (10 ms on the free plan), so this is the part that must stay cheap.
import { performance } from "node:perf_hooks";
import type { MonitorSettings } from "../src/config";
import { type AlertState, evaluate, INITIAL_ALERT_STATE } from "../src/monitor/alerts";
import { forecast } from "../src/monitor/forecast";
import { appendSample, HISTORY_SECONDS, type Sample } from "../src/monitor/history";

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

function oneRun(i: number): string {
  const doc = JSON.parse(stored) as Doc;
  const at = now + i * 1000;
  doc.samples = appendSample(doc.samples, [Math.floor(at / 1000), 1234.56], at);
  const seen = { ok: true as const, balance: 1234.56, forecast: forecast(doc.samples, settings.burnWindowHours, at) };
  doc.alert = evaluate(doc.alert, seen, settings, at, () => "msg_bench").state;
  return JSON.stringify(doc);
}

for (let i = 0; i < 2000; i++) oneRun(i); // warm up the JIT, as a busy isolate would be
const runs = 5000;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  oneRun(i);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`monitor run, ${samples.length} samples (${(stored.length / 1024).toFixed(1)} KiB in KV), ${runs} runs:`);
console.log(
  `  p50 ${us(times[runs / 2] ?? 0)}   p99 ${us(times[Math.floor(runs * 0.99)] ?? 0)}   max ${us(times.at(-1) ?? 0)}`,
);
console.log("  Workers free-plan CPU limit per invocation: 10 ms");
