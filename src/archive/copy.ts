/** Why a copy into the archive did not happen; `retry` says whether trying again later may succeed. */
export class ArchiveRefused extends Error {
  override readonly name = "ArchiveRefused";
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** What was written. */
export interface Copied {
  size: number;
  contentType: string;
  sha256: string;
}

/** R2 parts are 5 MiB at least (the last may be smaller): memory holds one part at a time, never the file. */
export const PART_BYTES = 10 * 1024 * 1024;
// Media kie.ai's families make; anything else (an HTML error page, a script) is not the file that was asked for.
const MEDIA = /^(image|video|audio)\/[\w.+-]+$|^application\/octet-stream$/;

/**
 * Copies a file host's answer into R2 under `key`, streamed: one part of `PART_BYTES` in memory at a time, its
 * SHA-256 computed on the way. Checked before a byte is kept — a successful answer, a media type (not an HTML page),
 * a declared size within `maxBytes` — and while copying: no more than `maxBytes`, and exactly the declared length.
 * Nothing is left in R2 unless the whole file arrived: a multipart upload is completed only then, and aborted
 * otherwise; a small file is put whole.
 *
 * @example
 * ```ts
 * const copied = await copyToR2(env.ARCHIVE, "v1/web/veo/veo_1/0", await fetchFile(link, options), { maxBytes })
 * ```
 */
export async function copyToR2(
  bucket: R2Bucket,
  key: string,
  res: Response,
  options: { maxBytes: number; metadata?: Record<string, string> },
): Promise<Copied> {
  const refuse = async (message: string, retry: boolean) => {
    await res.body?.cancel().catch(() => {});
    return new ArchiveRefused(message, retry);
  };
  if (res.status !== 200)
    throw await refuse(`the file host answered HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  const contentType = (res.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!MEDIA.test(contentType))
    throw await refuse(`the file host answered ${contentType || "no type"}, not media`, false);
  const lengthHeader = res.headers.get("Content-Length");
  const declared = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  if (declared !== undefined && declared > options.maxBytes) {
    throw await refuse(`the file is ${declared} bytes, over ARCHIVE_MAX_FILE_BYTES (${options.maxBytes})`, false);
  }
  if (!res.body) throw await refuse("the file host answered with no body", true);

  const digest = new crypto.DigestStream("SHA-256");
  const hashing = digest.getWriter();
  const http = { httpMetadata: { contentType }, customMetadata: options.metadata ?? {} };
  const parts = new Parts(bucket, key, http);
  let size = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > options.maxBytes)
        throw new ArchiveRefused(`the file passed ARCHIVE_MAX_FILE_BYTES (${options.maxBytes})`, false);
      if (declared !== undefined && size > declared)
        throw new ArchiveRefused("the file host sent more than it declared", true);
      await hashing.write(chunk);
      await parts.add(chunk);
    }
    if (declared !== undefined && size !== declared) {
      throw new ArchiveRefused(`the file host sent ${size} of the ${declared} bytes it declared`, true);
    }
    await hashing.close();
    const sha256 = hex(await digest.digest);
    await parts.finish();
    return { size, contentType, sha256 };
  } catch (err) {
    await parts.abort();
    await res.body.cancel().catch(() => {});
    if (err instanceof ArchiveRefused) throw err;
    throw new ArchiveRefused(`the copy broke off: ${(err as Error).message}`, true);
  }
}

// The file in parts: put whole when it fits one part, else a multipart upload begun with the first full part. R2
// wants every part but the last of one size, so each is cut at exactly PART_BYTES whatever the chunks' sizes.
class Parts {
  #buffered: Uint8Array[] = [];
  #bytes = 0;
  #upload: R2MultipartUpload | undefined;
  readonly #done: R2UploadedPart[] = [];

  constructor(
    private readonly bucket: R2Bucket,
    private readonly key: string,
    private readonly options: R2MultipartOptions,
  ) {}

  async add(chunk: Uint8Array): Promise<void> {
    this.#buffered.push(chunk);
    this.#bytes += chunk.byteLength;
    while (this.#bytes >= PART_BYTES) await this.#flush(PART_BYTES);
  }

  async finish(): Promise<void> {
    if (!this.#upload) {
      await this.bucket.put(this.key, this.#take(this.#bytes), this.options);
      return;
    }
    if (this.#bytes > 0) await this.#flush(this.#bytes);
    await this.#upload.complete(this.#done);
  }

  async abort(): Promise<void> {
    await this.#upload?.abort().catch(() => {});
  }

  async #flush(bytes: number): Promise<void> {
    this.#upload ??= await this.bucket.createMultipartUpload(this.key, this.options);
    this.#done.push(await this.#upload.uploadPart(this.#done.length + 1, this.#take(bytes)));
  }

  // The first `bytes` bytes buffered, as one array; the rest stays buffered.
  #take(bytes: number): Uint8Array {
    const out = new Uint8Array(bytes);
    let at = 0;
    while (at < bytes) {
      const chunk = this.#buffered[0] as Uint8Array;
      const used = Math.min(chunk.byteLength, bytes - at);
      out.set(chunk.subarray(0, used), at);
      at += used;
      if (used === chunk.byteLength) this.#buffered.shift();
      else this.#buffered[0] = chunk.subarray(used);
    }
    this.#bytes -= bytes;
    return out;
  }
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
