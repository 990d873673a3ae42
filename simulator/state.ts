import type { Hono } from "hono";
import {
  type FamilyName,
  type FamilySettings,
  freshFamilySettings,
  type RecordKindName,
  type SunoStage,
} from "./families/types";

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
 * serves from another host; `*` is all of them, the per-family paths included. A per-family path is targeted by its
 * path (`/api/v1/veo/generate`) or its family (`veo`; `jobs` is createTask and recordInfo).
 */
export type Endpoint = EndpointName | "*" | FamilyName | `/${string}`;

/** The endpoints counted in `calls` and delayed by `delayMs`: the Common and Market API's, and uploads. */
export type EndpointName = (typeof ENDPOINTS)[number];

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
 * - `serve`: serve the file as `contentType`, with `disposition` when given (an HTML or SVG "image");
 * - `outage`: the file host is down, answering `status` (503) with an HTML error page;
 * - `truncate`: send the first `afterBytes` bytes under the whole file's `Content-Length`, then end the body.
 */
export type FileFault = (
  | { kind: "redirect"; location: string; status?: number }
  | { kind: "stall"; afterBytes: number }
  | { kind: "outage"; status?: number }
  | { kind: "truncate"; afterBytes: number }
  | { kind: "serve"; contentType: string; disposition?: string }
) & { /** Only the next `times` fetches (all while set, when absent). */ times?: number };

/**
 * One call kie.ai answered: when it arrived, when it was answered, with which code (HTTP status of faults). A call
 * of a per-family path names its family as `endpoint`.
 */
export interface CallRecord {
  endpoint: EndpointName | FamilyName;
  path: string;
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

/**
 * A generation task, as created by `createTask` or a per-family endpoint; its `state` is derived from the clock (see
 * `taskPhase`).
 */
export interface SimTask {
  taskId: string;
  family: FamilyName;
  /** The path that made it. */
  endpoint: string;
  /** What polls it: its record kind, and that kind's path. */
  record: RecordKindName;
  recordPath: string;
  /** The request body, as received. */
  body: Record<string, unknown>;
  /** The body's model field, where the endpoint has one (else its documented default, else ""). */
  model: string;
  /** createTask's `input`; the whole body for a per-family task (it has no `input`). */
  input: Record<string, unknown>;
  /** From the endpoint's callback field (`callBackUrl`, or `calBackUrl` where kie.ai spells it so). */
  callBackUrl?: string;
  /** The task a follow-up names (by `taskId`, or through the `audioId` of one of its tracks). */
  parentTaskId?: string;
  /** Ids of the media it makes (Suno tracks, stems, a Runway video, a 4K media id), fixed at creation. */
  mediaIds?: string[];
  /** Suno music: the partial stages it has reached, in order (each with its callback, when it has a callBackUrl). */
  stages?: SunoStage[];
  /** Where it sits in `tasks` when that is not its id (a 4K task that keeps its parent's id). */
  slot?: string;
  /** A per-family failed task: the value its record's state field takes. */
  failState?: string | number;
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
) & {
  times?: number;
  /** Only callbacks of this family's tasks take it (all when absent). */
  family?: FamilyName;
};

/** One callback POST: where it went, how it was answered (`error`: no answer), when, under which fault. */
export interface CallbackRecord {
  taskId: string;
  url: string;
  status: number | "error";
  at: number;
  /** The callback fault it was sent under, or `normal`. */
  kind: string;
  /** Per-family tasks: which callback it was (`text`, `first`, `complete`, `error`). */
  stage?: string;
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
  delayMs: Record<EndpointName, number>;
  /** Delays of per-family calls, by path, family or `*`. */
  delayByPath: Record<string, number>;
  rules: FaultRule[];
  calls: Record<EndpointName, number>;
  /** Every call by path, per-family paths included (they are not in `calls`). */
  callsByPath: Record<string, number>;
  /** Upstream calls being answered right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  linksIssued: number;
  /** Links numbered up to this one answer 403, as links that died early do. */
  revokedThrough: number;
  /** Size of a file by its path on the kie.ai host (default 1 KiB). */
  fileSizes: Record<string, number>;
  /** The bytes of a file by its path, where a test needs real ones (a picture that decodes); else the pattern. */
  fileContents: Record<string, Uint8Array>;
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
  /**
   * Arrival time of every request that starts a generation, accepted or not: createTask and every per-family create,
   * follow-up and synchronous generation (see `peakPerWindow`).
   */
  createLog: number[];
  /** When the accepted ones arrived: the account-wide create limit counts these. */
  createAccepted: number[];
  /** Arrival time of every record poll (recordInfo and the per-family records), and of the recordInfo the limit let through. */
  recordLog: number[];
  recordAdmitted: number[];
  /** kie.ai's per-task poll limit of Suno music's and 4o Image's records, and the polls it let through, by task. */
  taskRecordRate: RateLimit;
  recordAdmittedByTask: Record<string, number[]>;
  /** Generation requests refused by the create limit. */
  rejectedForRate: number;
  familySettings: FamilySettings;
  /** Folders (URL paths) of files gone as kie.ai's 14-day retention makes them go (see `forgetFiles`). */
  forgottenFiles: string[];
  /** Calls of get-1080p-video, by task. */
  veo1080pCalls: Record<string, number>;
  /** Synchronous generations answered (persona, style, Omni), in order. */
  syncResults: SyncRecord[];
  /** Every callback sent, in order of answer. */
  callbacks: CallbackRecord[];
  callbackFault?: CallbackFault;
  /** When set, callbacks are signed with it (`X-Webhook-Timestamp`, `X-Webhook-Signature`). */
  webhookHmacKey?: string;
  /** Where callbacks go through; global `fetch` when unset. A function: `/__sim/state` leaves it out. */
  sendCallback?: CallbackSender;
  uploads: UploadRecord[];
}

/** A synchronous generation kie.ai answered at once: which path, for what body, with what data. */
export interface SyncRecord {
  path: string;
  body: Record<string, unknown>;
  data: unknown;
  at: number;
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
  /**
   * Completes a task now (as `outcome`, else its own); resolves once its callback, if any, was answered — for Suno
   * music, once the stages not yet sent went out in order, then `complete`.
   */
  complete(taskId: string, outcome?: TaskOutcome): Promise<void>;
  /** Moves a Suno music task to a partial stage and sends that stage's callback; resolves once it was answered. */
  stage(taskId: string, stage: SunoStage): Promise<void>;
  /** Makes the files of a task (all tasks, without an id) gone, as kie.ai's 14-day retention does. */
  forgetFiles(taskId?: string): void;
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
  const perEndpoint = () => Object.fromEntries(ENDPOINTS.map((e) => [e, 0])) as Record<EndpointName, number>;
  return {
    apiKey: options.apiKey,
    balance: options.balance ?? 100,
    delayMs: perEndpoint(),
    delayByPath: {},
    rules: [],
    calls: perEndpoint(),
    callsByPath: {},
    inFlight: 0,
    maxInFlight: 0,
    linksIssued: 0,
    revokedThrough: 0,
    fileSizes: {},
    fileContents: {},
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
    createAccepted: [],
    recordLog: [],
    recordAdmitted: [],
    // kie.ai's Suno and 4o Image records: 3 queries per second per task.
    taskRecordRate: { limit: 3, windowMs: 1000 },
    recordAdmittedByTask: {},
    rejectedForRate: 0,
    familySettings: freshFamilySettings(),
    forgottenFiles: [],
    veo1080pCalls: {},
    syncResults: [],
    callbacks: [],
    callbackFault: undefined,
    webhookHmacKey: options.webhookHmacKey,
    sendCallback: options.sendCallback,
    uploads: [],
  };
}
