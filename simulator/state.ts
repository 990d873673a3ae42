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

/** Which endpoint a fault or delay applies to. */
export type Endpoint = "credit" | "download-url" | "*";

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
}

/** Options of a simulator. */
export interface SimulatorOptions {
  apiKey: string;
  balance?: number;
  /** Where issued links point; defaults to the origin the request came to. */
  linkOrigin?: string;
  random?: () => number;
}

/** A running simulator: the Hono app to serve, its state, and the header that asks the transport to drop. */
export interface Simulator {
  app: Hono;
  state: SimulatorState;
  reset(): void;
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
  return {
    apiKey: options.apiKey,
    balance: options.balance ?? 100,
    delayMs: { credit: 0, "download-url": 0 },
    rules: [],
    calls: { credit: 0, "download-url": 0 },
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
  };
}
