// An in-process driver of the simulator for tests and scripts: a clock moved by hand (so no timers), calls made with
// the key, and every callback captured with its headers — no sleeps, no server.

import { createSimulator, type Simulator, type SimulatorOptions } from "./app";
import { webhookSignature } from "./callbacks";

/** One callback as it arrived: where, with which headers, carrying what. */
export interface SentCallback {
  url: string;
  headers: Headers;
  body: { code: number; msg: string; taskId?: string; data: Record<string, unknown> & { [key: string]: unknown } };
}

/** kie.ai's JSON envelope, loosely typed for reading in tests. */
export interface Envelope {
  code: number;
  msg?: string;
  message?: string;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads into answers of every family's shape.
  data: any;
}

/** A simulator on a clock of its own, and ways to call it. */
export interface Harness {
  sim: Simulator;
  sent: SentCallback[];
  /** The clock (epoch ms); `tick` moves it. */
  now(): number;
  tick(ms: number): void;
  call(path: string, init?: RequestInit, key?: string): Promise<Response>;
  /** POSTs `body` as JSON (with the key) and reads the envelope, with the HTTP status as `http`. */
  post(path: string, body: unknown, key?: string): Promise<Envelope & { http: number }>;
  get(path: string): Promise<Envelope & { http: number }>;
  /** Whether a callback's signature verifies under `key` (kie.ai's scheme: HMAC over `<task id>.<timestamp>`). */
  verifies(callback: SentCallback, taskId: string, key: string): Promise<boolean>;
}

/**
 * A simulator with key `options.apiKey` (default `sk-harness`), its clock starting at `start`.
 *
 * @example
 * ```ts
 * const h = harness()
 * const { data } = await h.post("/api/v1/veo/generate", { prompt: "a cat", callBackUrl: "https://hook.test/" })
 * await h.sim.complete(data.taskId)
 * ```
 */
export function harness(options: Partial<SimulatorOptions> = {}, start = 1_767_225_600_000): Harness {
  let clock = start;
  const sent: SentCallback[] = [];
  const apiKey = options.apiKey ?? "sk-harness";
  const sim = createSimulator({
    now: () => clock,
    sendCallback: async (url, init) => {
      sent.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
      return new Response(null, { status: 204 });
    },
    ...options,
    apiKey,
  });
  const call = async (path: string, init: RequestInit = {}, key = apiKey) =>
    sim.app.fetch(
      new Request(`http://sim.test${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...init.headers } }),
    );
  const read = async (res: Response) => ({ http: res.status, ...((await res.json()) as Envelope) });
  return {
    sim,
    sent,
    now: () => clock,
    tick: (ms) => {
      clock += ms;
    },
    call,
    post: async (path, body, key) =>
      read(
        await call(
          path,
          { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
          key,
        ),
      ),
    get: async (path) => read(await call(path)),
    verifies: async (callback, taskId, key) => {
      const timestamp = Number(callback.headers.get("X-Webhook-Timestamp"));
      const signature = await webhookSignature(key, taskId, timestamp);
      return callback.headers.get("X-Webhook-Signature") === signature;
    },
  };
}
