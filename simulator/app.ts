import { Hono } from "hono";
import { adminRoutes } from "./admin";
import { familyAdminRoutes } from "./families/admin";
import { forgetFiles } from "./families/forget";
import { familyRoutes } from "./families/routes";
import { familyRoute } from "./families/table";
import type { FamilyName } from "./families/types";
import { armedFault, misbehave, stallAfter, truncateAfter } from "./faults";
import { serveFile } from "./files";
import { taskEngine } from "./lifecycle";
import { downloadLink, isForgotten } from "./links";
import { type EndpointName, freshState, type Simulator, type SimulatorOptions, type SimulatorState } from "./state";
import { taskRoutes } from "./tasks";
import { uploadRoutes } from "./uploads";

export { webhookSignature } from "./callbacks";
export { ENDPOINT_TABLE, familyRoute, priceOf, specAt } from "./families/table";
export * from "./families/types";
export { fileBytes } from "./files";
export { peakPerWindow } from "./rate";
export * from "./state";
export { type TaskState, taskPhase, taskRecord } from "./tasks";

/**
 * A faithful stand-in for kie.ai's Common API: it checks the key (a wrong key gets HTTP 200 with `code` 401, as
 * observed of kie.ai), keeps a settable balance (fractional allowed), issues 20-minute links for files on kie.ai's
 * hosts and 422 for other URLs, runs generation tasks (createTask, recordInfo, callbacks — see `tasks.ts`) and every
 * per-family API (Veo, Suno, 4o Image, Flux Kontext, Runway, Aleph, Midjourney, Gemini Omni — see `families/`), takes
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
    const path = c.req.path;
    const route = familyRoute(path);
    // A per-family path counts by path and family only: today's names keep meaning what they mean.
    const endpoint = route ? undefined : endpointOf(path);
    const jobs = endpoint === "create-task" || endpoint === "record-info";
    const family: FamilyName | undefined = route?.family ?? (jobs ? "jobs" : undefined);
    if (endpoint) state.calls[endpoint]++;
    state.callsByPath[path] = (Object.hasOwn(state.callsByPath, path) ? (state.callsByPath[path] as number) : 0) + 1;
    // Every arrival, accepted or not: what a client sent, to hold against kie.ai's limits (`peakPerWindow`).
    if (endpoint === "create-task" || route?.counts === "create") state.createLog.push(now());
    if (endpoint === "record-info" || route?.counts === "record") state.recordLog.push(now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const at = Date.now();
    try {
      const delay = endpoint ? state.delayMs[endpoint] : familyDelay(state, path, family);
      if (delay > 0) await sleep(delay);
      const fault = armedFault(state.rules, { endpoint, path, family }, random);
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
      state.log.push({ endpoint: endpoint ?? (family as FamilyName), path, at, answeredAt: Date.now(), code });
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
    const { status, body: answer } = downloadLink(state, new URL(c.req.url).origin, body?.url);
    return c.json(answer, status);
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
    // Gone with kie.ai's retention: the file host no longer has it.
    if (isForgotten(state, path)) return c.text("Not Found", 404);
    const fault = state.fileFault;
    if (fault?.times !== undefined && --fault.times <= 0) state.fileFault = undefined;
    if (fault?.kind === "redirect") return c.body(null, (fault.status ?? 302) as 302, { Location: fault.location });
    if (fault?.kind === "outage") return c.html("<h1>502 Bad Gateway</h1>", (fault.status ?? 503) as 503);
    const content = state.fileContents[path];
    const size = content?.byteLength ?? state.fileSizes[path] ?? 1024;
    const res = serveFile(path, size, c.req.header("Range"), c.req.method === "HEAD", content);
    if (fault?.kind === "serve") {
      res.headers.set("Content-Type", fault.contentType);
      if (fault.disposition) res.headers.set("Content-Disposition", fault.disposition);
    }
    if (fault?.kind === "truncate") return truncateAfter(res, fault.afterBytes);
    return fault?.kind === "stall" ? stallAfter(res, fault.afterBytes, c.req.raw.signal) : res;
  });

  taskRoutes(app, state, engine, now);
  familyRoutes(app, state, engine, now);
  uploadRoutes(app, state, now);

  // Link numbers keep counting across resets, as a real service's would: a link from before a reset stays distinct.
  const reset = () => {
    engine.cancel();
    Object.assign(state, freshState(options), { linksIssued: state.linksIssued });
  };
  adminRoutes(app, state, reset, engine, now);
  familyAdminRoutes(app, state, engine);
  return {
    app,
    state,
    reset,
    settle: engine.settle,
    complete: engine.complete,
    stage: engine.stage,
    forgetFiles: (taskId) => forgetFiles(state, taskId),
  };
}

const ENDPOINT_PATHS: Record<string, EndpointName> = {
  "/api/v1/chat/credit": "credit",
  "/api/v1/jobs/createTask": "create-task",
  "/api/v1/jobs/recordInfo": "record-info",
  "/api/file-stream-upload": "upload",
  "/api/file-base64-upload": "upload",
  "/api/file-url-upload": "upload",
};

/** The endpoint a path counts for; any path it does not know counts as download-url, as it always has. */
function endpointOf(path: string): EndpointName {
  return ENDPOINT_PATHS[path] ?? (path.endsWith("/credit") ? "credit" : "download-url");
}

/** The delay of a per-family call: set for its path, else its family, else all of them. */
function familyDelay(state: SimulatorState, path: string, family: FamilyName | undefined): number {
  const key = [path, family, "*"].find((k) => k !== undefined && Object.hasOwn(state.delayByPath, k));
  return key === undefined ? 0 : (state.delayByPath[key] as number);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
