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
  | { kind: "html" | "truncated" | "wrong-type" | "hang" | "network" };

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
    try {
      if (state.delayMs[endpoint] > 0) await sleep(state.delayMs[endpoint]);
      const fault = armedFault(endpoint);
      if (fault) {
        c.res = await misbehave(fault, endpoint, c.req.raw.signal);
        return;
      }
      await next();
    } finally {
      state.inFlight--;
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
    const url = typeof body?.url === "string" && URL.canParse(body.url) ? new URL(body.url) : undefined;
    if (!url) return c.json({ code: 422, msg: "url is required", data: null }, 422);
    if (!KIE_FILE_HOSTS.includes(url.hostname)) {
      return c.json({ code: 422, msg: "External file URLs are not supported", data: null }, 422);
    }
    state.linksIssued++;
    const origin = options.linkOrigin ?? new URL(c.req.url).origin;
    const expires = Math.floor(Date.now() / 1000) + 20 * 60;
    const link = `${origin}/files/${url.hostname}${url.pathname}?expires=${expires}&n=${state.linksIssued}`;
    return c.json({ code: 200, msg: "success", data: link });
  });

  app.get("/files/*", (c) => c.body("simulated file", 200, { "Content-Type": "application/octet-stream" }));

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
  app.post("/__sim/reset", (c) => {
    Object.assign(state, fresh());
    return c.json(state);
  });

  return { app, state, reset: () => Object.assign(state, fresh()) };
}

async function misbehave(fault: Fault, endpoint: Exclude<Endpoint, "*">, signal: AbortSignal): Promise<Response> {
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
