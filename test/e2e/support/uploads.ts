import { randomBytes } from "node:crypto";

/** Where a streamed body stops, and what it waits for before going on. */
export interface Pause {
  at: number;
  until: () => Promise<unknown>;
}

/**
 * `bytes` as the multipart/form-data body of kie.ai's stream upload (`uploadPath`, `fileName`, `file`): whole, or
 * as a stream of 64 KiB chunks that may stop at a byte offset until told to go on.
 *
 * @example
 * ```ts
 * const sent = multipart(file, "cat.mp4", "e2e")
 * await postUpload(origin, token, sent.type, sent.stream())
 * ```
 */
export function multipart(bytes: Uint8Array, fileName: string, uploadPath: string) {
  const b = `kie-edge-e2e-${randomBytes(8).toString("hex")}`;
  const field = (name: string, value: string) =>
    `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const fileHead = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`;
  const head = `${field("uploadPath", uploadPath)}${field("fileName", fileName)}${fileHead}`;
  const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${b}--\r\n`)]);
  const chunk = 64 * 1024;
  const stream = (pause?: Pause) => {
    let at = 0;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (pause && at === pause.at) await pause.until();
        controller.enqueue(body.subarray(at, at + chunk));
        at += chunk;
        if (at >= body.length) controller.close();
      },
    });
  };
  return { body, stream, type: `multipart/form-data; boundary=${b}` };
}

/** POSTs an upload to `<origin>/api/file-stream-upload`: a whole body goes with Content-Length, a stream chunked. */
export function postUpload(
  origin: string,
  token: string,
  type: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
): Promise<Response> {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": type };
  const streamed = body instanceof ReadableStream ? { duplex: "half" } : {};
  return fetch(`${origin}/api/file-stream-upload`, { method: "POST", headers, body, ...streamed });
}
