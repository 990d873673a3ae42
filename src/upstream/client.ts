import * as z from "zod/mini";
import { redact, type UpstreamSettings } from "../config";
import { UpstreamError, type UpstreamFailure } from "./errors";
import { backoffMs, RETRYABLE_CODES, retryAfterMs } from "./retry";

/** What a successful call returns: the envelope's `data`, how many attempts it took, when the last one began. */
export interface UpstreamResult<T> {
  data: T;
  attempts: number;
  /** Start of the attempt that succeeded; a download link's 20 minutes count from no earlier than this. */
  startedAt: number;
}

/** Settings of the client, and seams for tests and benchmarks. */
export interface KieClientOptions extends UpstreamSettings {
  baseUrl: string;
  apiKey: string;
  /** Strings never to pass on from kie.ai's messages (the key always is among them). */
  secrets?: readonly string[];
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** The two calls of kie.ai's Common API. */
export interface KieClient {
  /** `GET /api/v1/chat/credit`: the remaining balance, fractional as kie.ai sends it. */
  credit(): Promise<UpstreamResult<number>>;
  /** `POST /api/v1/common/download-url`: a temporary link (20 minutes) for a file kie.ai generated. */
  downloadUrl(fileUrl: string): Promise<UpstreamResult<string>>;
}

// kie.ai error bodies may leave out msg or data.
const Envelope = z.object({ code: z.int(), msg: z.optional(z.unknown()), data: z.optional(z.unknown()) });
const Balance = z.number();
const Link = z.url({ protocol: /^https?$/ });

type Attempt<T> =
  | { ok: true; data: T }
  | { ok: false; failure: UpstreamFailure; detail: string; code?: number; retryAfterMs?: number };

/**
 * The one module that talks to kie.ai. It sends the server's key (never a caller's header), bounds every attempt
 * by a timeout, reads the body `code` as authoritative (kie.ai may answer HTTP 200 with code 401), checks `data`
 * with zod, and retries transient failures with exponential backoff and full jitter, honouring `Retry-After`,
 * inside a total time budget. Caller faults (402, 422, 505, ...) are never retried.
 *
 * @example
 * ```ts
 * const kie = createKieClient({ baseUrl: "https://api.kie.ai", apiKey, timeoutMs: 10_000, maxRetries: 3,
 *   budgetMs: 30_000, backoffMs: 250 })
 * const { data: balance, attempts } = await kie.credit()
 * ```
 */
export function createKieClient(options: KieClientOptions): KieClient {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  async function call<T>(
    method: string,
    path: string,
    body: unknown,
    data: z.ZodMiniType<T>,
  ): Promise<UpstreamResult<T>> {
    const deadline = now() + options.budgetMs;
    for (let attempt = 1; ; attempt++) {
      const startedAt = now();
      const outcome = await attemptOnce(
        method,
        path,
        body,
        data,
        Math.max(1, Math.min(options.timeoutMs, deadline - startedAt)),
      );
      if (outcome.ok) return { data: outcome.data, attempts: attempt, startedAt };

      const retryable = outcome.failure === "timeout" || outcome.failure === "network" || isRetryableCode(outcome);
      const wait = Math.max(backoffMs(attempt, options.backoffMs, random), outcome.retryAfterMs ?? 0);
      if (!retryable || attempt > options.maxRetries || now() + wait >= deadline) {
        throw new UpstreamError(outcome.failure, outcome.detail, attempt, outcome.code, outcome.retryAfterMs);
      }
      await sleep(wait);
    }
  }

  async function attemptOnce<T>(
    method: string,
    path: string,
    body: unknown,
    data: z.ZodMiniType<T>,
    timeoutMs: number,
  ): Promise<Attempt<T>> {
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: number | undefined;
    try {
      const res = await send(`${options.baseUrl}${path}`, {
        method,
        signal,
        headers: {
          Authorization: `Bearer ${options.apiKey}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = res.status;
      retryAfter = retryAfterMs(res.headers.get("Retry-After"), now());
      text = await res.text();
    } catch {
      // The cause may quote the request; it is never passed on.
      return signal.aborted
        ? { ok: false, failure: "timeout", detail: `no answer within ${timeoutMs} ms` }
        : { ok: false, failure: "network", detail: "the connection to kie.ai failed" };
    }
    return readEnvelope(status, text, data, retryAfter);
  }

  function readEnvelope<T>(status: number, text: string, data: z.ZodMiniType<T>, retryAfter?: number): Attempt<T> {
    const envelope = z.safeParse(Envelope, parseJson(text));
    if (!envelope.success) {
      return status >= 400
        ? {
            ok: false,
            failure: "http",
            code: status,
            detail: `HTTP ${status} without a kie.ai body`,
            retryAfterMs: retryAfter,
          }
        : { ok: false, failure: "malformed", detail: `HTTP ${status} with a body that is not a kie.ai envelope` };
    }
    const { code, msg } = envelope.data;
    if (code !== 200) {
      return { ok: false, failure: "code", code, detail: upstreamMessage(msg), retryAfterMs: retryAfter };
    }
    const value = z.safeParse(data, envelope.data.data);
    return value.success
      ? { ok: true, data: value.data }
      : { ok: false, failure: "malformed", detail: "code 200 with data of the wrong type" };
  }

  function upstreamMessage(msg: unknown): string {
    if (typeof msg !== "string") return "";
    // kie.ai's text is passed on to callers: keep it short, printable, and free of every secret.
    return (
      redact(msg, [options.apiKey, ...(options.secrets ?? [])])
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
        .replace(/[\u0000-\u001f\u007f]/g, " ")
        .slice(0, 300)
    );
  }

  return {
    credit: () => call("GET", "/api/v1/chat/credit", undefined, Balance),
    downloadUrl: (fileUrl) => call("POST", "/api/v1/common/download-url", { url: fileUrl }, Link),
  };
}

function isRetryableCode(outcome: { failure: UpstreamFailure; code?: number }): boolean {
  return (outcome.failure === "code" || outcome.failure === "http") && RETRYABLE_CODES.has(outcome.code ?? 0);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
