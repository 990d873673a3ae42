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

/**
 * A failed call to kie.ai, after every retry it was given. `code` is kie.ai's body code for `code` failures and
 * the HTTP status for `http` ones.
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
    message: string,
    readonly attempts: number,
    readonly code?: number,
    /** From the last answer's `Retry-After`, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
