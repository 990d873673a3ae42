import * as z from "zod/mini";
import { redact, type UpstreamSettings } from "../config";
import { backoffMs, type Clock, retryAfterMs, systemClock, timedOut, withTimeout } from "../net";
import { ACCOUNT_WIDE, UpstreamError, type UpstreamFailure } from "./errors";
import type { Pacer } from "./pacer";

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
  clock?: Clock;
}

/** How one call fits among others. */
export interface CallOptions {
  /** Epoch ms after which no attempt starts, when it is sooner than the client's own budget (a batch's budget). */
  deadline?: number;
  /** Shared with the calls that must slow down together when kie.ai says so. */
  pacer?: Pacer;
  /**
   * How long the calls sharing `pacer` hold back when kie.ai answers 429 or 455 without `Retry-After`: its
   * account window, so a batch stops sending until the window has room again.
   */
  holdMs?: number;
  /** One attempt, no retry: for calls that are not safe to repeat blindly (creating a task spends credits). */
  once?: boolean;
  /**
   * Waited on before every attempt, retries included; what it resolves to is called once the attempt has its
   * answer. For a caller's own rate keeping, which must count each attempt from start to finish.
   */
  gate?: () => Promise<() => void>;
}

/** Any call of a kie.ai family: its method, path, query and JSON body, and the body codes that mean success. */
export interface KieRequest {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Default: 200 only (the Omni helpers answer 0). */
  okCodes?: readonly number[];
}

/** kie.ai's envelope as it came: its code, its message (`msg`, or `message` on some records) and its data. */
export interface KieAnswer {
  code: number;
  msg?: string;
  message?: string;
  data: unknown;
}

/** The calls of kie.ai: the Common API's two, typed, and any family's, as its envelope. */
export interface KieClient {
  /** `GET /api/v1/chat/credit`: the remaining balance, fractional as kie.ai sends it. */
  credit(call?: CallOptions): Promise<UpstreamResult<number>>;
  /** `POST /api/v1/common/download-url`: a temporary link (20 minutes) for a file kie.ai generated. */
  downloadUrl(fileUrl: string, call?: CallOptions): Promise<UpstreamResult<string>>;
  /** Any family's call; a success is kie.ai's envelope, passed on with its own code and message. */
  send(request: KieRequest, call?: CallOptions): Promise<UpstreamResult<KieAnswer>>;
}

// kie.ai error bodies may leave out msg or data; recordInfo says `message` where the others say `msg`.
const Envelope = z.object({
  code: z.int(),
  msg: z.optional(z.unknown()),
  message: z.optional(z.unknown()),
  data: z.optional(z.unknown()),
});
const Balance = z.number();
/** What a kie.ai task id looks like (`task_…`, hex, or a family's own): short and of safe characters. */
export const TASK_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const Anything = z.unknown();
// kie.ai codes (and HTTP statuses) worth another attempt: rate limits, maintenance, server trouble.
const RETRYABLE_CODES: ReadonlySet<number> = new Set([429, 455, 500, 502, 503, 504]);

type Attempt<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      failure: UpstreamFailure;
      detail: string;
      code?: number;
      retryAfterMs?: number;
      answer?: KieAnswer;
    };

const OK: readonly number[] = [200];

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
  const { now, sleep, random } = options.clock ?? systemClock;
  const secrets = [options.apiKey, ...(options.secrets ?? [])].filter(Boolean);
  // Links come over https; plain http only from a simulator on loopback, for its own origin.
  const base = new URL(options.baseUrl);
  const localOrigin = base.protocol === "http:" ? base.origin : undefined;
  const SecureLink = z
    .url({ protocol: /^https?$/ })
    .check(z.refine((link: string) => link.startsWith("https:") || new URL(link).origin === localOrigin));

  async function call<T>(
    request: KieRequest,
    data: z.ZodMiniType<T>,
    opts: CallOptions = {},
  ): Promise<UpstreamResult<T>> {
    const deadline = Math.min(now() + options.budgetMs, opts.deadline ?? Number.POSITIVE_INFINITY);
    let last: UpstreamError | undefined;
    for (let attempt = 1; ; attempt++) {
      const held = opts.pacer?.waitAt(now());
      if (held && held.ms > 0) {
        if (now() + held.ms >= deadline) {
          throw (
            last ?? new UpstreamError("code", "kie.ai asked to wait longer than the time left", 0, held.code, held.ms)
          );
        }
        await sleep(held.ms);
      }
      const release = await opts.gate?.();
      const startedAt = now();
      if (startedAt >= deadline) {
        release?.();
        throw last ?? new UpstreamError("budget", "the time budget ran out before kie.ai was asked", 0);
      }
      const outcome = await attemptOnce(
        request,
        data,
        Math.max(1, Math.min(options.timeoutMs, deadline - startedAt)),
      ).finally(() => release?.());
      if (outcome.ok) return { data: outcome.data, attempts: attempt, startedAt };

      const retryable = outcome.failure === "timeout" || outcome.failure === "network" || isRetryableCode(outcome);
      const accountWide = ACCOUNT_WIDE.has(outcome.code ?? 0);
      const told = outcome.retryAfterMs ?? (accountWide ? opts.holdMs : undefined) ?? 0;
      const wait = Math.max(backoffMs(attempt, options.backoffMs, random), told);
      if (accountWide) opts.pacer?.hold(now() + wait, outcome.code ?? 0);
      last = new UpstreamError(
        outcome.failure,
        outcome.detail,
        attempt,
        outcome.code,
        outcome.retryAfterMs,
        outcome.answer,
      );
      if (!retryable || opts.once || attempt > options.maxRetries || now() + wait >= deadline) throw last;
      await sleep(wait);
    }
  }

  async function attemptOnce<T>(request: KieRequest, data: z.ZodMiniType<T>, timeoutMs: number): Promise<Attempt<T>> {
    const { method, path, body, query } = request;
    const search = query ? `?${new URLSearchParams(query)}` : "";
    try {
      const answer = await withTimeout(timeoutMs, async (signal) => {
        const res = await send(`${options.baseUrl}${path}${search}`, {
          method,
          signal,
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            Accept: "application/json",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return {
          status: res.status,
          retryAfter: retryAfterMs(res.headers.get("Retry-After"), now()),
          text: await res.text(),
        };
      });
      return readEnvelope(answer.status, answer.text, data, answer.retryAfter, request.okCodes);
    } catch (error) {
      // The cause may quote the request; it is never passed on.
      return timedOut(error)
        ? { ok: false, failure: "timeout", detail: `no answer within ${timeoutMs} ms` }
        : { ok: false, failure: "network", detail: "the connection to kie.ai failed" };
    }
  }

  function readEnvelope<T>(
    status: number,
    text: string,
    data: z.ZodMiniType<T>,
    retryAfter?: number,
    okCodes: readonly number[] = OK,
  ): Attempt<T> {
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
    const { code, msg, message } = envelope.data;
    // Nothing kie.ai sends may carry a secret of this gateway on to a caller, whatever field it is in.
    const leaks = secrets.some((secret) => text.includes(secret));
    if (!okCodes.includes(code)) {
      const said = upstreamMessage(msg ?? message);
      // A refusal's data (a 4K video "already generated" names its URLs) goes back with it, unless it leaks.
      const answer = leaks ? undefined : { code, msg: said, data: envelope.data.data ?? null };
      return { ok: false, failure: "code", code, detail: said, retryAfterMs: retryAfter, answer };
    }
    if (leaks) {
      return {
        ok: false,
        failure: "malformed",
        detail: `code ${code} with data that carried one of this gateway's secrets`,
      };
    }
    // A family's call is passed on as its whole envelope; the Common API's two as their typed data.
    const whole = data === Anything;
    const value = z.safeParse(data, whole ? envelope.data : envelope.data.data);
    if (!value.success) return { ok: false, failure: "malformed", detail: `code ${code} with data of the wrong type` };
    return { ok: true, data: value.data };
  }

  function upstreamMessage(msg: unknown): string {
    if (typeof msg !== "string") return "";
    // kie.ai's text is passed on to callers: keep it short, printable, and free of every secret.
    return (
      redact(msg, secrets)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
        .replace(/[\u0000-\u001f\u007f]/g, " ")
        .slice(0, 300)
    );
  }

  return {
    credit: (opts) => call({ method: "GET", path: "/api/v1/chat/credit" }, Balance, opts),
    downloadUrl: (fileUrl, opts) =>
      call({ method: "POST", path: "/api/v1/common/download-url", body: { url: fileUrl } }, SecureLink, opts),
    send: (request, opts) => call(request, Anything, opts) as Promise<UpstreamResult<KieAnswer>>,
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
