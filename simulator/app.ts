import { Hono } from "hono";

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
 * A faithful stand-in for kie.ai's Common API: it checks the key (a wrong key gets HTTP 200 with `code` 401, as
 * observed of kie.ai), keeps a settable balance (fractional allowed), issues 20-minute links for files on kie.ai's
 * hosts and 422 for other URLs, counts calls, and misbehaves on command — through `state` in-process or the
 * `/__sim` admin routes over HTTP. The same app is the msw handler in workerd tests and a loopback server for
 * `npm start` and the end-to-end suite.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ apiKey: "sk-test" })
 * sim.state.balance = 12.5
 * sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500 }, times: 2 })
 * ```
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const random = options.random ?? Math.random;
  const state: SimulatorState = fresh();

  function fresh(): SimulatorState {
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

  function armedFault(endpoint: Exclude<Endpoint, "*">): Fault | undefined {
    const rule = state.rules.find((r) => (r.endpoint === endpoint || r.endpoint === "*") && (r.times ?? 1) > 0);
    if (!rule || (rule.rate !== undefined && random() >= rule.rate)) return undefined;
    if (rule.times !== undefined) rule.times--;
    return rule.fault;
  }

  const app = new Hono();

  app.use("/api/*", async function countAndMisbehave(c, next) {
    const endpoint = c.req.path.endsWith("/credit") ? "credit" : "download-url";
    state.calls[endpoint]++;
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const at = Date.now();
    try {
      if (state.delayMs[endpoint] > 0) await sleep(state.delayMs[endpoint]);
      const fault = armedFault(endpoint);
      if (fault) {
        c.res = await misbehave(fault, endpoint, c.req.raw.signal, state.apiKey);
        return;
      }
      await next();
    } finally {
      state.inFlight--;
      const code = await c.res
        .clone()
        .json()
        .then((b) => (b as { code?: number }).code ?? c.res.status)
        .catch(() => c.res.status);
      state.log.push({ endpoint, at, answeredAt: Date.now(), code });
    }
  });

  app.use("/api/*", async function checkKey(c, next) {
    if (c.req.header("Authorization") !== `Bearer ${state.apiKey}`) {
      return c.json({ code: 401, msg: "You do not have access permissions", data: null }, 200);
    }
    await next();
  });

  app.get("/api/v1/chat/credit", (c) => c.json({ code: 200, msg: "success", data: state.balance }));

  app.post("/api/v1/common/download-url", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { url?: unknown } | null;
    if (typeof body?.url === "string") state.received.push(body.url);
    const url = typeof body?.url === "string" && URL.canParse(body.url) ? new URL(body.url) : undefined;
    if (!url) return c.json({ code: 422, msg: "url is required", data: null }, 422);
    if (!KIE_FILE_HOSTS.includes(url.hostname)) {
      return c.json({ code: 422, msg: "External file URLs are not supported", data: null }, 422);
    }
    state.linksIssued++;
    const origin = state.linkOrigin ?? new URL(c.req.url).origin;
    const expires = Math.floor(Date.now() / 1000) + 20 * 60;
    const link = `${origin}/files/${url.hostname}${url.pathname}?expires=${expires}&n=${state.linksIssued}`;
    return c.json({ code: 200, msg: "success", data: link });
  });

  // What an issued link serves: the file's bytes, streamed, with Range support; 403 once the link is dead.
  app.get("/files/*", (c) => {
    state.fileFetches++;
    const expires = Number(c.req.query("expires"));
    const n = Number(c.req.query("n"));
    if (!(expires * 1000 > Date.now()) || n <= state.revokedThrough) {
      return c.text("Request has expired", 403);
    }
    const path = c.req.path.slice("/files/".length).replace(/^[^/]+/, "");
    const fault = state.fileFault;
    if (fault?.times !== undefined && --fault.times <= 0) state.fileFault = undefined;
    if (fault?.kind === "redirect") return c.body(null, (fault.status ?? 302) as 302, { Location: fault.location });
    const res = serveFile(path, state.fileSizes[path] ?? 1024, c.req.header("Range"), c.req.method === "HEAD");
    if (fault?.kind === "serve") {
      res.headers.set("Content-Type", fault.contentType);
      if (fault.disposition) res.headers.set("Content-Disposition", fault.disposition);
    }
    return fault?.kind === "stall" ? stallAfter(res, fault.afterBytes, c.req.raw.signal) : res;
  });

  app.get("/__sim/state", (c) => c.json(state));
  app.post("/__sim/balance", async (c) => {
    state.balance = Number((await c.req.json<{ balance: number }>()).balance);
    return c.json(state);
  });
  app.post("/__sim/faults", async (c) => {
    state.rules.push(await c.req.json<FaultRule>());
    return c.json(state);
  });
  app.post("/__sim/delay", async (c) => {
    const { endpoint, ms } = await c.req.json<{ endpoint: Endpoint; ms: number }>();
    for (const key of Object.keys(state.delayMs) as Exclude<Endpoint, "*">[]) {
      if (endpoint === "*" || endpoint === key) state.delayMs[key] = ms;
    }
    return c.json(state);
  });
  app.post("/__sim/files", async (c) => {
    const { path, size } = await c.req.json<{ path: string; size: number }>();
    state.fileSizes[path] = size;
    return c.json(state);
  });
  app.post("/__sim/link-origin", async (c) => {
    state.linkOrigin = (await c.req.json<{ origin?: string }>()).origin;
    return c.json(state);
  });
  app.post("/__sim/file-fault", async (c) => {
    state.fileFault = (await c.req.json<{ fault?: FileFault }>()).fault;
    return c.json(state);
  });
  app.post("/__sim/revoke", (c) => {
    state.revokedThrough = state.linksIssued;
    return c.json(state);
  });
  app.post("/__sim/reset", (c) => {
    reset();
    return c.json(state);
  });

  // Link numbers keep counting across resets, as a real service's would: a link from before a reset stays distinct.
  const reset = () => Object.assign(state, fresh(), { linksIssued: state.linksIssued });
  return { app, state, reset };
}

async function misbehave(
  fault: Fault,
  endpoint: Exclude<Endpoint, "*">,
  signal: AbortSignal,
  apiKey: string,
): Promise<Response> {
  switch (fault.kind) {
    case "status":
      return Response.json(
        { code: fault.code, msg: fault.msg ?? `simulated ${fault.code}`, data: null },
        { status: fault.http ?? fault.code, headers: fault.retryAfter ? { "Retry-After": fault.retryAfter } : {} },
      );
    case "html":
      return new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
        status: 502,
        headers: { "Content-Type": "text/html" },
      });
    case "truncated":
      return new Response('{"code":200,"msg":"succ', { headers: { "Content-Type": "application/json" } });
    case "wrong-type":
      return Response.json({ code: 200, msg: "success", data: endpoint === "credit" ? "plenty" : 42 });
    case "leak-key":
      // A well-formed answer that quotes the caller's key back, as a debugging proxy in front of an API might.
      return Response.json({ code: 200, msg: "success", data: `https://tempfile.aiquickdraw.com/x?key=${apiKey}` });
    case "hang":
      // Until the caller gives up; the timer only bounds a caller that never does.
      await new Promise((resolve) => {
        signal.addEventListener("abort", resolve);
        setTimeout(resolve, 120_000);
      });
      return new Response(null, { status: 504 });
    case "network":
      return new Response(null, { status: 599, headers: { [NETWORK_FAULT_HEADER]: "1" } });
  }
}

const BLOCK = 64 * 1024;
const TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", mp4: "video/mp4", mp3: "audio/mpeg" };

/**
 * The bytes of a simulated file: a deterministic pattern (byte i = (i · 31 + i >> 16) mod 256), produced chunk by
 * chunk so a 200 MB file costs no memory, with one `bytes=` range honoured.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await fileBytes(0, 1024).arrayBuffer())
 * ```
 */
export function fileBytes(start: number, end: number): Response {
  let at = start;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= end) return controller.close();
      const chunk = new Uint8Array(Math.min(BLOCK, end - at));
      for (let i = 0; i < chunk.length; i++) chunk[i] = ((at + i) * 31 + ((at + i) >> 16)) & 255;
      at += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return new Response(stream);
}

function serveFile(path: string, size: number, range: string | undefined, head: boolean): Response {
  const type = TYPES[path.split(".").pop() ?? ""] ?? "application/octet-stream";
  const headers: Record<string, string> = { "Content-Type": type, "Accept-Ranges": "bytes", ETag: `"${size}"` };
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
  let [start, end, status] = [0, size, 200];
  if (m && (m[1] || m[2])) {
    start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
    end = m[1] && m[2] ? Math.min(size, Number(m[2]) + 1) : size;
    if (start >= size || start >= end) {
      return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
    }
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end - 1}/${size}`;
  }
  headers["Content-Length"] = String(end - start);
  return new Response(head ? null : fileBytes(start, end).body, { status, headers });
}

// The first `bytes` of a response, then silence until the reader gives up.
function stallAfter(res: Response, bytes: number, signal: AbortSignal): Response {
  const reader = res.body?.getReader();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = sent < bytes ? await reader?.read() : undefined;
      if (next && !next.done) {
        const chunk = next.value.subarray(0, bytes - sent);
        sent += chunk.length;
        return controller.enqueue(chunk);
      }
      await new Promise((resolve) => {
        signal.addEventListener("abort", resolve);
        setTimeout(resolve, 120_000);
      });
      controller.close();
    },
    cancel: () => reader?.cancel(),
  });
  return new Response(body, res);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
