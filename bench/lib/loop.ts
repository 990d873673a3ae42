// A closed-loop load of its own: `connections` keep-alive connections, each sending its next request when the last
// one's body has arrived, every latency kept with sub-millisecond resolution (autocannon's are whole milliseconds).
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { pct } from "./stats";
import { cpuMicros } from "./targets";

/** What to send and how. */
export interface LoopOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** The body, or one made per request (a distinct task each time). */
  body?: string | (() => string);
  connections: number;
  seconds: number;
  /** At least this long between the starts of two requests of one connection (paced asks). */
  spacingMs?: number;
  /** Requests per connection left out of the latencies, first of all (default 3). */
  warmup?: number;
  /** What an answer must be to count as a success (default: status 200). */
  accept?: (status: number, headers: Record<string, string | string[] | undefined>, body: string) => boolean;
}

/** One closed-loop run. */
export interface LoopRun {
  latencies: number[];
  p50: number;
  p99: number;
  rps: number;
  /** CPU the Worker's process used per request, µs (0 without a pid). */
  cpuUs: number;
  /** The process also answered other asks meanwhile (alternating asks): `cpuUs` is theirs together. */
  cpuShared?: boolean;
  failed: number;
  /** The first unexpected answer, for the error message. */
  firstFailure?: string;
}

/**
 * Loads `url` for `seconds`; `pid` is the process whose CPU is counted (0: none, e.g. the in-process simulator).
 *
 * @example
 * ```ts
 * const run = await closedLoop(`${edge.own}/api/v1/chat/credit`, edge.pid, { connections: 1, seconds: 5, headers })
 * ```
 */
export async function closedLoop(url: string, pid: number, opts: LoopOptions): Promise<LoopRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let total = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const before = cpuMicros(pid);
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const accept = opts.accept ?? ((status) => status === 200);
  const connection = async () => {
    for (let n = 0; performance.now() < end; n++) {
      const t0 = performance.now();
      const body = typeof opts.body === "function" ? opts.body() : opts.body;
      const answer = await send(url, agent, opts.method ?? "GET", opts.headers ?? {}, body);
      const ms = performance.now() - t0;
      total++;
      if (!accept(answer.status, answer.headers, answer.body)) {
        failed++;
        firstFailure ??= `${answer.status} ${answer.body.slice(0, 300)}`;
      } else if (n >= (opts.warmup ?? 3)) latencies.push(ms);
      if (opts.spacingMs && ms < opts.spacingMs) await sleep(opts.spacingMs - ms);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, connection));
  const seconds = (performance.now() - started) / 1000;
  const used = cpuMicros(pid) - before;
  agent.destroy();
  return {
    latencies,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    rps: total / seconds,
    cpuUs: total ? used / total : 0,
    failed,
    firstFailure,
  };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function send(url: string, agent: Agent, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<Answer>((resolve) => {
    const req = request(url, { method, headers, agent, timeout: 60_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", (error) => resolve({ status: 0, headers: {}, body: String(error) }));
    });
    req.on("error", (error) => resolve({ status: 0, headers: {}, body: String(error) }));
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.end(body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
