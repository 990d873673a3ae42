import type { MiddlewareHandler } from "hono";

// A refused body this size or smaller is read to its end; a bigger one is cancelled.
const DRAIN_BYTES = 1024 * 1024;

/**
 * Finishes whatever of a request body the route did not read — a body refused for its size, type or token, whole
 * or after its first bytes — once the answer has gone (a client that stalls mid-body must not hold up its own
 * refusal). A small rest is read and dropped, so the connection stays usable; past `DRAIN_BYTES` the body is
 * cancelled, which closes the connection rather than reading an attacker's gigabytes. The route reads the body
 * through this middleware's own reader, so a reader left behind by the route (Hono's `bodyLimit` stops reading
 * mid-stream) cannot lock the rest away.
 *
 * @example
 * ```ts
 * app.use(releaseBody())
 * ```
 */
export function releaseBody(): MiddlewareHandler {
  return async function releaseBody(c, next) {
    const source = c.req.raw.body;
    if (!source) return next();
    // With a declared length, bodyLimit refuses without reading and routes read all: the body itself can be
    // checked afterwards. Only a streamed body needs this middleware's own reader (and its cost per chunk).
    if (c.req.raw.headers.has("Content-Length")) {
      try {
        await next();
      } finally {
        if (!source.locked) c.executionCtx.waitUntil(drain(source.getReader()).catch(() => {}));
      }
      return;
    }
    const reader = source.getReader();
    let finished = false;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          finished = true;
          controller.close();
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    c.req.raw = new Request(c.req.raw, { body });
    try {
      await next();
    } finally {
      if (!finished) c.executionCtx.waitUntil(drain(reader).catch(() => {}));
    }
  };
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  for (let read = 0; read <= DRAIN_BYTES; ) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
  }
  await reader.cancel();
}
