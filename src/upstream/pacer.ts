/**
 * Shared by calls that should slow down together (the calls of one batch): once kie.ai answers 429 or 455 to one
 * of them, none of them sends again before the wait it asked for (its `Retry-After`, else the backoff) is over.
 *
 * @example
 * ```ts
 * const pacer = new Pacer()
 * await Promise.all(urls.map((url) => kie.downloadUrl(url, { pacer, deadline })))
 * ```
 */
export class Pacer {
  #until = 0;
  #code = 0;

  /** Holds every call back until `until` (epoch ms), for kie.ai's `code`. */
  hold(until: number, code: number): void {
    if (until > this.#until) {
      this.#until = until;
      this.#code = code;
    }
  }

  /** How long a call starting at `now` must wait, and the code that asked for it. */
  waitAt(now: number): { ms: number; code: number } {
    return { ms: Math.max(0, this.#until - now), code: this.#code };
  }
}
