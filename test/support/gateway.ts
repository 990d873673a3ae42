import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Envelope } from "../../src/http/envelope";
import worker from "../../src/index";
import { coordinatorEnv } from "./coordinator";
import { TEST_TOKENS } from "./fixtures";
import { presentedToken } from "./runtime-keys";

/** How a test asks the gateway: method, JSON body, token (alice's by default; `null` for none), env overrides. */
export interface Ask {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  token?: string | null;
  headers?: Record<string, string>;
  env?: Record<string, unknown>;
}

/**
 * Sends one request through the worker's own `fetch` (so msw sees its outbound calls in this context), reads the
 * whole body, and waits for the request's background work (KV writes).
 */
export async function askRaw(path: string, options: Ask = {}): Promise<{ res: Response; bytes: ArrayBuffer }> {
  const headers = new Headers(options.headers);
  const token = await presentedToken(options.token === undefined ? TEST_TOKENS.alice : options.token, options.env);
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(`${GATEWAY}${path}`, { method: options.method ?? "GET", headers, body });
  await coordinatorEnv(options.env);
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, withEnv(options.env), ctx);
  const bytes = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return { res, bytes };
}

/** The gateway's origin in workerd tests. */
export const GATEWAY = "https://kie-edge.test";

/**
 * A request to the worker's own `fetch` as from outside (kie.ai's callbacks), its background work awaited and its
 * body read into the returned response.
 */
export async function workerFetch(request: Request, env?: Record<string, unknown>): Promise<Response> {
  await coordinatorEnv(env);
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, withEnv(env), ctx);
  const bytes = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(bytes, { status: res.status, headers: res.headers });
}

/** `askRaw`, with the body parsed as kie-edge's envelope. */
export async function ask(path: string, options: Ask = {}): Promise<{ res: Response; body: Envelope<unknown> }> {
  const { res, bytes } = await askRaw(path, options);
  return { res, body: JSON.parse(new TextDecoder().decode(bytes)) as Envelope<unknown> };
}

/** `POST /api/v1/common/download-url` for `url`. */
export function askLink(url: unknown, options: Ask = {}) {
  return ask("/api/v1/common/download-url", { method: "POST", json: { url }, ...options });
}

// Config is parsed once per env object, so a test's overrides get a config of their own.
function withEnv(overrides?: Record<string, unknown>): Env {
  return overrides ? ({ ...env, ...overrides } as Env) : env;
}
