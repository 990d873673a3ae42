import { bodyLimit } from "hono/body-limit";
import { apiError } from "./envelope";

/**
 * Hono's body limit, refusing with 413 in the envelope (by `Content-Length`, and while reading a body sent
 * without one).
 *
 * @example
 * ```ts
 * .post("/createTask", limitBody(256 * 1024), jsonBody(CreateTaskBody), handler)
 * ```
 */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw apiError(413, `the body is over ${maxSize / 1024} KiB`);
    },
  });
}
