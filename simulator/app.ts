import { Hono } from "hono";
import { adminRoutes } from "./admin";
import { armedFault, misbehave, stallAfter } from "./faults";
import { serveFile } from "./files";
import { taskEngine } from "./lifecycle";
import {
  type Endpoint,
  freshState,
  KIE_FILE_HOSTS,
  type Simulator,
  type SimulatorOptions,
  type SimulatorState,
} from "./state";
import { taskRoutes } from "./tasks";
import { uploadRoutes } from "./uploads";

export { webhookSignature } from "./callbacks";
export { fileBytes } from "./files";
export { peakPerWindow } from "./rate";
export * from "./state";
export { type TaskState, taskPhase, taskRecord } from "./tasks";

/**
 * A faithful stand-in for kie.ai's Common API: it checks the key (a wrong key gets HTTP 200 with `code` 401, as
 * observed of kie.ai), keeps a settable balance (fractional allowed), issues 20-minute links for files on kie.ai's
 * hosts and 422 for other URLs, runs generation tasks (createTask, recordInfo, callbacks — see `tasks.ts`), takes
 * uploads, counts calls, and misbehaves on command — through `state` in-process or the `/__sim` admin routes over
 * HTTP. The same app is the msw handler in workerd tests and a loopback server for `npm start` and the end-to-end
 * suite.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ apiKey: "sk-test" })
 * sim.state.balance = 12.5
 * sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500 }, times: 2 })
 * sim.state.taskSettings.durationMs = null // tasks wait for sim.complete(taskId)
 * ```
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const state: SimulatorState = freshState(options);
  const engine = taskEngine(state, now, options.now === undefined);

  const app = new Hono();

  app.use("/api/*", async function countAndMisbehave(c, next) {
    const endpoint = endpointOf(c.req.path);
    state.calls[endpoint]++;
    // Every arrival, accepted or not: what a client sent, to hold against kie.ai's limits (`peakPerWindow`).
    if (endpoint === "create-task") state.createLog.push(now());
    if (endpoint === "record-info") state.recordLog.push(now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const at = Date.now();
    try {
      if (state.delayMs[endpoint] > 0) await sleep(state.delayMs[endpoint]);
      const fault = armedFault(state.rules, endpoint, random);
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
      // The upload host's envelope also says `success`.
      const upload = endpointOf(c.req.path) === "upload" ? { success: false } : {};
      return c.json({ ...upload, code: 401, msg: "You do not have access permissions", data: null }, 200);
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

  taskRoutes(app, state, engine, now);
  uploadRoutes(app, state, now);

  // Link numbers keep counting across resets, as a real service's would: a link from before a reset stays distinct.
  const reset = () => {
    engine.cancel();
    Object.assign(state, freshState(options), { linksIssued: state.linksIssued });
  };
  adminRoutes(app, state, reset, engine, now);
  return { app, state, reset, settle: engine.settle, complete: engine.complete };
}

const ENDPOINT_PATHS: Record<string, Exclude<Endpoint, "*">> = {
  "/api/v1/chat/credit": "credit",
  "/api/v1/jobs/createTask": "create-task",
  "/api/v1/jobs/recordInfo": "record-info",
  "/api/file-stream-upload": "upload",
  "/api/file-base64-upload": "upload",
  "/api/file-url-upload": "upload",
};

/** The endpoint a path counts for; any path it does not know counts as download-url, as it always has. */
function endpointOf(path: string): Exclude<Endpoint, "*"> {
  return ENDPOINT_PATHS[path] ?? (path.endsWith("/credit") ? "credit" : "download-url");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
