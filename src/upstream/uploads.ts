import { redact } from "../config";
import { timedOut, withTimeout } from "../net";
import type { UpstreamFailure } from "./errors";

/** A body passed `maxBytes` while streaming to kie.ai; the send was aborted. */
export class UploadTooLarge extends Error {
  override readonly name = "UploadTooLarge";
}

/** One upload to forward. */
export interface UploadForward {
  /** kie.ai's upload endpoint. */
  url: string;
  apiKey: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
  /** The declared `Content-Length`, already checked against `maxBytes`; kie.ai is sent the same. */
  length?: number;
  maxBytes: number;
  timeoutMs: number;
  /** Strings kie.ai's answer must not carry on to the caller. */
  secrets: readonly string[];
  /** Told how many bytes went through, once the body has ended. */
  onBytes?: (bytes: number) => void;
}

/** kie.ai's answer, or why there is none. */
export type UploadAnswer =
  | { ok: true; text: string }
  | { ok: false; failed: { failure: UpstreamFailure; detail: string; attempts: number; code?: number } };

/**
 * Streams an upload to kie.ai's upload host with the server's key, never buffered: a body of declared length (the
 * caller checked it against `maxBytes`) goes on as it came, with the same `Content-Length`; one without is counted
 * chunk by chunk and the send aborted (`UploadTooLarge`) the moment it passes `maxBytes`. One attempt: a streamed
 * body cannot be sent twice. Redirects are not followed (they would carry the key elsewhere).
 *
 * @example
 * ```ts
 * const answer = await forwardUpload({ url, apiKey, contentType, body: req.body, maxBytes, timeoutMs, secrets })
 * ```
 */
export async function forwardUpload(upload: UploadForward): Promise<UploadAnswer> {
  const cap = { over: false };
  // A declared length is the body's length (HTTP framing) and was checked against the cap: the runtime streams the
  // body on as it came, without a chunk passing through JavaScript. Only a body of unknown length is counted.
  if (upload.length !== undefined) upload.onBytes?.(upload.length);
  const body = upload.length !== undefined ? upload.body : counted(upload, cap);
  let answer: { status: number; text: string };
  try {
    answer = await withTimeout(upload.timeoutMs, async (signal) => {
      const res = await fetch(upload.url, {
        method: "POST",
        body,
        signal,
        redirect: "manual",
        headers: {
          Authorization: `Bearer ${upload.apiKey}`,
          "Content-Type": upload.contentType,
          Accept: "application/json",
        },
      });
      return { status: res.status, text: await res.text() };
    });
  } catch (error) {
    if (cap.over) throw new UploadTooLarge();
    return timedOut(error)
      ? { ok: false, failed: { failure: "timeout", detail: `no answer within ${upload.timeoutMs} ms`, attempts: 1 } }
      : { ok: false, failed: { failure: "network", detail: "the connection to kie.ai failed", attempts: 1 } };
  }
  // kie.ai may answer a body cut short before the send fails: the cap, not its answer, is what happened.
  if (cap.over) throw new UploadTooLarge();
  return readAnswer(answer.status, answer.text, upload.secrets);
}

// The body passed through, counted: the moment it passes the cap, the stream errors and the send is aborted.
function counted(upload: UploadForward, cap: { over: boolean }): ReadableStream<Uint8Array> {
  let sent = 0;
  return upload.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        sent += chunk.byteLength;
        if (sent > upload.maxBytes) {
          cap.over = true;
          controller.error(new UploadTooLarge());
          return;
        }
        controller.enqueue(chunk);
      },
      flush() {
        upload.onBytes?.(sent);
      },
    }),
  );
}

function readAnswer(status: number, text: string, secrets: readonly string[]): UploadAnswer {
  let parsed: { code?: unknown; msg?: unknown } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const code = typeof parsed?.code === "number" ? parsed.code : undefined;
  if (code === undefined) {
    return status >= 400
      ? {
          ok: false,
          failed: { failure: "http", code: status, detail: `HTTP ${status} without a kie.ai body`, attempts: 1 },
        }
      : {
          ok: false,
          failed: { failure: "malformed", detail: `HTTP ${status} with a body that is not kie.ai's`, attempts: 1 },
        };
  }
  if (code !== 200) {
    const msg = typeof parsed?.msg === "string" ? redact(parsed.msg, secrets).slice(0, 300) : "";
    return { ok: false, failed: { failure: "code", code, detail: msg, attempts: 1 } };
  }
  if (secrets.some((secret) => secret && text.includes(secret))) {
    return {
      ok: false,
      failed: {
        failure: "malformed",
        detail: "code 200 with data that carried one of this gateway's secrets",
        attempts: 1,
      },
    };
  }
  return { ok: true, text };
}
