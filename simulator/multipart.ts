// A streaming multipart/form-data reader for uploads: each part is measured (size, SHA-256) as it streams past, so
// a 1 GB upload costs the simulator no more memory than a 1 KB one. Only small text fields are kept.
import { Sha256 } from "./sha256";

const CRLF = new Uint8Array([13, 10]);
const HEADER_END = new Uint8Array([13, 10, 13, 10]);
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_TEXT_BYTES = 64 * 1024;

/** One part of a form: its name, file name and type when it is a file, its size and hash, its text if small. */
export interface FormPart {
  name: string;
  filename?: string;
  type?: string;
  size: number;
  sha256: string;
  /** The part's bytes as UTF-8, for parts of at most 64 KiB (form fields). */
  text?: string;
}

/**
 * Reads `body` as multipart/form-data with `boundary`, part by part, without buffering any part's content;
 * throws on a malformed body.
 *
 * @example
 * ```ts
 * const parts = await readMultipart(c.req.raw.body, boundaryOf(c.req.header("Content-Type")))
 * ```
 */
export async function readMultipart(body: ReadableStream<Uint8Array>, boundary: string): Promise<FormPart[]> {
  // A body starts with "--boundary"; reading as if a CRLF came first makes every delimiter "\r\n--boundary".
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  const parts: FormPart[] = [];
  let pending: Uint8Array = CRLF;
  // Cast, not annotated: `step` moves it on, which the narrowing of a plain annotation would not see.
  let phase = "preamble" as "preamble" | "after-delimiter" | "headers" | "content" | "done";
  let part: { info: FormPart; hash: Sha256; text: Uint8Array[] } | undefined;

  const feed = (bytes: Uint8Array) => {
    if (!part || bytes.length === 0) return;
    part.info.size += bytes.length;
    part.hash.update(bytes);
    if (part.info.size <= MAX_TEXT_BYTES) part.text.push(bytes.slice());
  };

  const step = (final: boolean): boolean => {
    switch (phase) {
      case "preamble": {
        const at = indexOf(pending, delimiter);
        if (at < 0) {
          pending = pending.subarray(Math.max(0, pending.length - delimiter.length + 1));
          return false;
        }
        pending = pending.subarray(at + delimiter.length);
        phase = "after-delimiter";
        return true;
      }
      case "after-delimiter": {
        if (pending.length < 2) return false;
        if (pending[0] === 45 && pending[1] === 45) phase = "done";
        else if (pending[0] === 13 && pending[1] === 10) phase = "headers";
        else throw new Error("malformed multipart delimiter");
        pending = pending.subarray(2);
        return true;
      }
      case "headers": {
        const at = indexOf(pending, HEADER_END);
        if (at < 0) {
          if (pending.length > MAX_HEADER_BYTES || final) throw new Error("malformed multipart headers");
          return false;
        }
        const info = partInfo(new TextDecoder().decode(pending.subarray(0, at)));
        part = { info, hash: new Sha256(), text: [] };
        pending = pending.subarray(at + HEADER_END.length);
        phase = "content";
        return true;
      }
      case "content": {
        const at = indexOf(pending, delimiter);
        if (at < 0) {
          if (final) throw new Error("multipart body ends inside a part");
          // Keep only what could be the start of a delimiter split across chunks.
          const keep = Math.min(pending.length, delimiter.length - 1);
          feed(pending.subarray(0, pending.length - keep));
          pending = pending.slice(pending.length - keep);
          return false;
        }
        feed(pending.subarray(0, at));
        if (part) parts.push(finish(part));
        part = undefined;
        pending = pending.subarray(at + delimiter.length);
        phase = "after-delimiter";
        return true;
      }
      case "done":
        return false;
    }
  };

  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (value) pending = concat(pending, value);
    while (step(done)) {}
    if (phase === "done") {
      await reader.cancel().catch(() => {});
      return parts;
    }
    if (done) throw new Error("multipart body ends before its closing delimiter");
  }
}

/**
 * The boundary of a multipart Content-Type, if it is one.
 *
 * @example
 * ```ts
 * boundaryOf('multipart/form-data; boundary="abc"') // "abc"
 * ```
 */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) return undefined;
  return /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)?.slice(1).find(Boolean);
}

function partInfo(headers: string): FormPart {
  const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? "";
  const param = (key: string) =>
    new RegExp(`;\\s*${key}=(?:"([^"]*)"|([^;\\s]*))`, "i")
      .exec(disposition)
      ?.slice(1)
      .find((v) => v !== undefined);
  const type = /^content-type:\s*(.*)$/im.exec(headers)?.[1]?.trim();
  const filename = param("filename");
  return {
    name: param("name") ?? "",
    ...(filename !== undefined && { filename }),
    ...(type && { type }),
    size: 0,
    sha256: "",
  };
}

function finish({ info, hash, text }: { info: FormPart; hash: Sha256; text: Uint8Array[] }): FormPart {
  info.sha256 = hash.hex();
  if (info.size <= MAX_TEXT_BYTES) info.text = new TextDecoder().decode(concat(...text));
  return info;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0] as number;
  for (let at = haystack.indexOf(first); at >= 0 && at <= haystack.length - needle.length; ) {
    let i = 1;
    while (i < needle.length && haystack[at + i] === needle[i]) i++;
    if (i === needle.length) return at;
    at = haystack.indexOf(first, at + 1);
  }
  return -1;
}

function concat(...chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
