import type { Hono } from "hono";

// What the simulator knows and how it can be steered: its state, its options, and the faults it can be armed with.

/**
 * The kie.ai file hosts seen in official examples and real responses (kie.ai publishes no list). The simulator,
 * like kie.ai, issues links only for files on these hosts and answers 422 for any other URL.
 */
export const KIE_FILE_HOSTS = [
  "tempfile.aiquickdraw.com",
  "tempfileb.aiquickdraw.com",
  "file.aiquickdraw.com",
  "static.aiquickdraw.com",
  "tempfile.redpandaai.co",
  "kieai.redpandaai.co",
];

/**
 * Which endpoint a fault or delay applies to. `upload` is the three upload calls (stream, base64, URL), which kie.ai
 * serves from another host; `*` is all of them.
 */
export type Endpoint = "credit" | "download-url" | "create-task" | "record-info" | "upload" | "*";

/** Every endpoint by name, in the order `calls` and `delayMs` list them. */
export const ENDPOINTS = ["credit", "download-url", "create-task", "record-info", "upload"] as const;

/**
 * A way to misbehave, as observed of kie.ai or of the networks in front of it:
 * - `status`: the envelope with `code`, over HTTP `http` (default: the code itself), optional `Retry-After`;
 * - `html`: an HTML error page, as a CDN in front of an API sends;
 * - `truncated`: JSON cut off mid-body; `wrong-type`: code 200 but `data` of the wrong type;
 * - `hang`: never answers; `network`: the connection drops (the transport decides how).
 */
export type Fault =
  | { kind: "status"; code: number; http?: number; msg?: string; retryAfter?: string }
  | { kind: "html" | "truncated" | "wrong-type" | "hang" | "network" | "leak-key" };

/**
 * A way for the file host behind issued links to misbehave:
 * - `redirect`: answer `status` (302) with `Location: location`, as a CDN or a compromised host might;
 * - `stall`: send the first `afterBytes` bytes, then nothing more (the connection stays open);
 * - `serve`: serve the file as `contentType`, with `disposition` when given (an HTML or SVG "image").
 */
export type FileFault = (
  | { kind: "redirect"; location: string; status?: number }
  | { kind: "stall"; afterBytes: number }
  | { kind: "serve"; contentType: string; disposition?: string }
) & { /** Only the next `times` fetches (all while set, when absent). */ times?: number };

/** One call kie.ai answered: when it arrived, when it was answered, with which code (HTTP status of faults). */
export interface CallRecord {
  endpoint: Exclude<Endpoint, "*">;
  at: number;
  answeredAt: number;
  code: number;
}

/** A fault armed for the next `times` calls (all calls when absent), each hit with probability `rate`. */
export interface FaultRule {
  endpoint: Endpoint;
  fault: Fault;
  times?: number;
  rate?: number;
}

/** How a task ends. */
export type TaskOutcome = "success" | "fail";

/** A generation task, as created by `createTask`; its `state` is derived from the clock (see `taskPhase`). */
export interface SimTask {
  taskId: string;
  model: string;
  input: Record<string, unknown>;
  callBackUrl?: string;
  /** Epoch ms. */
  createdAt: number;
  outcome: TaskOutcome;
  /** How long after `createdAt` it completes by itself; null: only when completed by hand. */
  durationMs: number | null;
  /** How long after `createdAt` it says `waiting` before `generating`. */
  waitingMs: number;
  /** Epoch ms; set once it has completed. */
  completedAt?: number;
  resultUrls: string[];
  failCode?: string;
  failMsg?: string;
  /** Its price, fixed at creation. */
  credits: number;
  /** Whether `credits` have come off the balance (once, on success). */
  charged: boolean;
}

/** How new tasks behave; each task copies these at creation. */
export interface TaskSettings {
  /** Completion this long after creation; null: the task stays `generating` until completed by hand. */
  durationMs: number | null;
  /** Time spent `waiting` before `generating`. */
  waitingMs: number;
  outcome: TaskOutcome;
  /** Credits per model id; `*` is the price of any other model. */
  prices: Record<string, number>;
  /** Whether recordInfo and callbacks of a successful task carry `consumeCredits`. */
  reportCredits: boolean;
  /** What a failed task says. */
  failCode: string;
  failMsg: string;
}

/** A sliding-window limit: at most `limit` admitted requests in any `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * kie.ai's account limit on new tasks; the excess is answered 429 — over HTTP 429, or for a share `http200Share`
 * of them over HTTP 200 with `code` 429 (HTTP status and body code are seen to disagree).
 */
export interface TaskRateLimit extends RateLimit {
  http200Share: number;
}

/**
 * A way for the callback to misbehave (the next `times` callbacks; all while set when absent):
 * - `late`: sent `delayMs` after completion; `duplicate`: sent twice; `drop`: never sent;
 * - `bad-signature`: a wrong `X-Webhook-Signature`; `stale-timestamp`: a timestamp `skewS` seconds old, signed
 *   correctly for it;
 * - `lying-body`: the body disagrees with recordInfo (another success's result URLs, or success for a failure) —
 *   the signature covers only the task id and time, so a verified callback's body proves nothing;
 * - `snake-case`: `data.task_id` instead of `data.taskId`; `top-level-id`: `taskId` at the top level, not in `data`.
 */
export type CallbackFault = (
  | { kind: "late"; delayMs: number }
  | { kind: "stale-timestamp"; skewS: number }
  | { kind: "duplicate" | "drop" | "bad-signature" | "lying-body" | "snake-case" | "top-level-id" }
) & { times?: number };

/** One callback POST: where it went, how it was answered (`error`: no answer), when, under which fault. */
export interface CallbackRecord {
  taskId: string;
  url: string;
  status: number | "error";
  at: number;
  /** The callback fault it was sent under, or `normal`. */
  kind: string;
}

/** Sends a callback; `fetch` unless a test plugs in its own route (workerd tests send it to the gateway). */
export type CallbackSender = (url: string, init: RequestInit) => Promise<Response>;

/** One accepted upload: what the simulator measured of it (a URL upload is not fetched: size 0, no hash). */
export interface UploadRecord {
  kind: "stream" | "base64" | "url";
  uploadPath: string;
  fileName: string;
  size: number;
  /** Hex SHA-256 of the bytes; "" for a URL upload. */
  sha256: string;
}

/** Everything the simulator knows; tests read and set it directly, remote drivers through `/__sim`. */
export interface SimulatorState {
  apiKey: string;
  balance: number;
  delayMs: Record<Exclude<Endpoint, "*">, number>;
  rules: FaultRule[];
  calls: Record<Exclude<Endpoint, "*">, number>;
  /** Upstream calls being answered right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  linksIssued: number;
  /** Links numbered up to this one answer 403, as links that died early do. */
  revokedThrough: number;
  /** Size of a file by its path on the kie.ai host (default 1 KiB). */
  fileSizes: Record<string, number>;
  /** Fetches of issued links. */
  fileFetches: number;
  /** Where issued links point (their origin); unset: the origin the request came to. */
  linkOrigin?: string;
  /** How the file host misbehaves, for every fetch while set. */
  fileFault?: FileFault;
  /** Every call, in order of answer. */
  log: CallRecord[];
  /** The file URLs download-url was asked for, as received. */
  received: string[];
  /** Generation tasks by id. */
  tasks: Record<string, SimTask>;
  taskSettings: TaskSettings;
  taskRate: TaskRateLimit;
  recordRate: RateLimit;
  /** Arrival time of every createTask request, accepted or not (see `peakPerWindow`). */
  createLog: number[];
  /** Arrival time of every recordInfo request, and of those the recordInfo limit let through. */
  recordLog: number[];
  recordAdmitted: number[];
  /** createTask requests refused by the rate limit. */
  rejectedForRate: number;
  /** Every callback sent, in order of answer. */
  callbacks: CallbackRecord[];
  callbackFault?: CallbackFault;
  /** When set, callbacks are signed with it (`X-Webhook-Timestamp`, `X-Webhook-Signature`). */
  webhookHmacKey?: string;
  /** Where callbacks go through; global `fetch` when unset. A function: `/__sim/state` leaves it out. */
  sendCallback?: CallbackSender;
  uploads: UploadRecord[];
}

/** Options of a simulator. */
export interface SimulatorOptions {
  apiKey: string;
  balance?: number;
  /** Where issued links point; defaults to the origin the request came to. */
  linkOrigin?: string;
  random?: () => number;
  /**
   * The tasks' clock (epoch ms), `Date.now` by default. With a clock of its own the simulator arms no timers: a
   * task falls due when the clock passes its time and completes on the next request that sees it, or on `settle()`.
   */
  now?: () => number;
  sendCallback?: CallbackSender;
  webhookHmacKey?: string;
}

/** A running simulator: the Hono app to serve, its state, and the header that asks the transport to drop. */
export interface Simulator {
  app: Hono;
  state: SimulatorState;
  /** Back to a fresh state; cancels every pending completion and callback. */
  reset(): void;
  /** Resolves once every completion and callback scheduled so far has been sent and answered. */
  settle(): Promise<void>;
  /** Completes a task now (as `outcome`, else its own); resolves once its callback, if any, was answered. */
  complete(taskId: string, outcome?: TaskOutcome): Promise<void>;
}

/** Set on a response the transport must turn into a dropped connection. */
export const NETWORK_FAULT_HEADER = "x-sim-network-fault";

/**
 * The state of a fresh simulator.
 *
 * @example
 * ```ts
 * Object.assign(state, freshState(options))
 * ```
 */
export function freshState(options: SimulatorOptions): SimulatorState {
  const perEndpoint = () => Object.fromEntries(ENDPOINTS.map((e) => [e, 0])) as Record<Exclude<Endpoint, "*">, number>;
  return {
    apiKey: options.apiKey,
    balance: options.balance ?? 100,
    delayMs: perEndpoint(),
    rules: [],
    calls: perEndpoint(),
    inFlight: 0,
    maxInFlight: 0,
    linksIssued: 0,
    revokedThrough: 0,
    fileSizes: {},
    fileFetches: 0,
    linkOrigin: options.linkOrigin,
    fileFault: undefined,
    log: [],
    received: [],
    tasks: {},
    taskSettings: {
      durationMs: 0,
      waitingMs: 0,
      outcome: "success",
      prices: { "*": 1 },
      reportCredits: true,
      failCode: "500",
      failMsg: "simulated failure",
    },
    // kie.ai: 20 new tasks per 10 s per account, and about 10 recordInfo requests per second per key.
    taskRate: { limit: 20, windowMs: 10_000, http200Share: 0.5 },
    recordRate: { limit: 10, windowMs: 1000 },
    createLog: [],
    recordLog: [],
    recordAdmitted: [],
    rejectedForRate: 0,
    callbacks: [],
    callbackFault: undefined,
    webhookHmacKey: options.webhookHmacKey,
    sendCallback: options.sendCallback,
    uploads: [],
  };
}
