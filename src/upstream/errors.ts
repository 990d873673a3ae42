/**
 * Why an upstream call failed:
 * - `code`: kie.ai answered with a well-formed envelope whose `code` is not 200;
 * - `http`: an HTTP error status without a kie.ai envelope (a proxy's HTML page, an empty 502);
 * - `malformed`: a success status but a body that is not the envelope, or `data` of the wrong type;
 * - `timeout`: an attempt ran out of time;
 * - `network`: the connection failed;
 * - `budget`: the call's time ran out (a batch's budget) before kie.ai was asked at all.
 */
export type UpstreamFailure = "code" | "http" | "malformed" | "timeout" | "network" | "budget";

// kie.ai codes that are the caller's own business: kie.ai's message is the whole story.
const OWN_MESSAGE: Record<number, string> = {
  400: "kie.ai refused the request",
  402: "not enough kie.ai credits",
  409: "kie.ai already has this record",
  413: "kie.ai refused the uploaded audio",
  422: "kie.ai refused the parameters",
  451: "kie.ai could not fetch an input URL",
  505: "this kie.ai feature is disabled",
};

/**
 * A failed call to kie.ai, after every retry it was given. `code` is kie.ai's body code for `code` failures and
 * the HTTP status for `http` ones; `detail` is the cause as observed (kie.ai's own message, cleaned, for `code`
 * failures); `message` says in plain words what happened, the cause and the attempts.
 *
 * @example
 * ```ts
 * if (err instanceof UpstreamError && err.failure === "code" && err.code === 402) notifyTopUp()
 * ```
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";

  constructor(
    readonly failure: UpstreamFailure,
    readonly detail: string,
    readonly attempts: number,
    readonly code?: number,
    /** From the last answer's `Retry-After`, in milliseconds. */
    readonly retryAfterMs?: number,
    /** kie.ai's own envelope of a refusal (`code` failures), cleaned, when it may be passed on. */
    readonly answer?: { code: number; msg?: string; data: unknown },
  ) {
    super(describe(failure, detail, attempts, code));
  }
}

function describe(failure: UpstreamFailure, detail: string, attempts: number, code = 500): string {
  const tries = `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  const said = detail ? ` (${detail})` : "";
  switch (failure) {
    case "timeout":
      return `kie.ai did not answer in time${said} ${tries}`;
    case "budget":
      return `not asked: ${detail}`;
    case "network":
      return `kie.ai could not be reached${said} ${tries}`;
    case "malformed":
      return `kie.ai sent a malformed response${said} ${tries}`;
  }
  const own = OWN_MESSAGE[code];
  if (own) return detail || own;
  switch (code) {
    case 429:
      return `kie.ai rate limit reached${said} ${tries}`;
    case 455:
      return `kie.ai is under maintenance${said} ${tries}`;
    case 401:
      return "kie.ai refused this server's API key (code 401): the gateway's KIE_API_KEY is missing or invalid; your proxy token is fine";
    case 404:
      return "kie.ai answered 404 for a fixed endpoint: the gateway's KIE_BASE_URL is probably wrong; your request is fine";
    default:
      return `kie.ai failed with code ${code}${said} ${tries}`;
  }
}

/** kie.ai's codes that speak for the whole account: its rate limit (429) and maintenance (455). */
export const ACCOUNT_WIDE: ReadonlySet<number> = new Set([429, 455]);

/**
 * Whether kie.ai said no for the whole account (rate limit, maintenance) rather than failing somewhere in between:
 * nothing was made, and every call should hold back.
 *
 * @example
 * ```ts
 * if (refusedForAccount(err)) await admission.admit(caller, limits, true)
 * ```
 */
export function refusedForAccount(err: { failure: UpstreamFailure; code?: number }): boolean {
  return (err.failure === "code" || err.failure === "http") && ACCOUNT_WIDE.has(err.code ?? 0);
}
