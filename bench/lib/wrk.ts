// Independent closed-loop clients for `npm run bench:check`: wrk (C, its own HTTP parser) when it is installed, else
// a raw TCP loop — HTTP/1.1 written and read by hand over one keep-alive socket, no node:http — with its latencies.
import { execFile } from "node:child_process";
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { pct } from "./stats";

/** p50 and p99 of one run, ms, and how many requests it made. */
export interface ClientRun {
  p50: number;
  p99: number;
  requests: number;
}

/** Whether wrk is on the PATH. */
export async function haveWrk(): Promise<boolean> {
  return promisify(execFile)("wrk", ["--version"]).then(
    () => true,
    (error: { code?: unknown; stdout?: string }) => typeof error.stdout === "string" && error.stdout.includes("wrk"),
  );
}

/**
 * `wrk -t1 -c1 -d<seconds>s --latency` against `url` with `headers`: one connection, closed loop.
 *
 * @example
 * ```ts
 * const { p50 } = await wrk("http://127.0.0.1:8787/api/v1/chat/credit", { Authorization: "Bearer …" }, 5)
 * ```
 */
export async function wrk(url: string, headers: Record<string, string>, seconds: number): Promise<ClientRun> {
  const args = [
    "-t1",
    "-c1",
    `-d${seconds}s`,
    "--latency",
    ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    url,
  ];
  const { stdout } = await promisify(execFile)("wrk", args, { timeout: (seconds + 30) * 1000 });
  const at = (q: string) => {
    const m = new RegExp(`^\\s*${q}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(stdout);
    if (!m) throw new Error(`wrk printed no ${q}% latency:\n${stdout}`);
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  if (/Non-2xx/.test(stdout)) throw new Error(`wrk got non-2xx answers from ${url}:\n${stdout}`);
  return { p50: at("50"), p99: at("99"), requests };
}

/**
 * A GET loop over one raw TCP socket for `seconds`: the request written by hand, each answer read up to its
 * Content-Length (or the end of a chunked body) before the next is sent.
 *
 * @example
 * ```ts
 * const { p50 } = await rawLoop("http://127.0.0.1:8787/api/v1/chat/credit", headers, 5)
 * ```
 */
export async function rawLoop(url: string, headers: Record<string, string>, seconds: number): Promise<ClientRun> {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const head = `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n${Object.entries(
    headers,
  )
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;
  let buffer = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    waiting?.();
  });
  const complete = () => {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return 0;
    const text = buffer.subarray(0, end).toString("latin1");
    if (!/^HTTP\/1\.1 200 /.test(text)) throw new Error(`raw loop: ${url} answered ${text.split("\r\n")[0]}`);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
    if (length) return buffer.length >= end + 4 + Number(length[1]) ? end + 4 + Number(length[1]) : 0;
    const last = buffer.indexOf("\r\n0\r\n\r\n", end);
    return last < 0 ? 0 : last + 7;
  };
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  try {
    while (performance.now() < until) {
      const t0 = performance.now();
      socket.write(head);
      let used = complete();
      while (!used) {
        await new Promise<void>((resolve) => (waiting = resolve));
        used = complete();
      }
      buffer = buffer.subarray(used);
      latencies.push(performance.now() - t0);
    }
  } finally {
    socket.destroy();
  }
  const kept = latencies.slice(3);
  return { p50: pct(kept, 0.5), p99: pct(kept, 0.99), requests: latencies.length };
}
