// kie.ai's upload API (its own host, kieai.redpandaai.co, in real life): stream (multipart), base64 and URL uploads.
// The simulator keeps no file: it measures what came (size, SHA-256) and says where kie.ai would serve it.
import type { Context, Hono } from "hono";
import { boundaryOf, readMultipart } from "./multipart";
import { Sha256 } from "./sha256";
import type { SimulatorState, UploadRecord } from "./state";
import { randomHex } from "./tasks";

/** Where kie.ai serves uploaded files (a host its download-url accepts). */
const UPLOAD_ORIGIN = "https://tempfile.redpandaai.co";
const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  txt: "text/plain",
  json: "application/json",
  pdf: "application/pdf",
};

/**
 * Adds `POST /api/file-stream-upload`, `/api/file-base64-upload` and `/api/file-url-upload` (the key is checked
 * before them). A request without its file or `uploadPath` gets code 400 over HTTP 400 — the code kie.ai's upload
 * docs give for missing parameters (its Market API says 422 for the same thing; the upload host is another service).
 *
 * @example
 * ```ts
 * uploadRoutes(app, state, Date.now)
 * ```
 */
export function uploadRoutes(app: Hono, state: SimulatorState, now: () => number): void {
  const answer = (c: Context, upload: UploadRecord, mimeType: string) => {
    state.uploads.push(upload);
    const filePath = `${upload.uploadPath}/${upload.fileName}`;
    const downloadUrl = `${UPLOAD_ORIGIN}/kieai/${filePath.split("/").map(encodeURIComponent).join("/")}`;
    // So that a download link issued for it serves as many bytes as were uploaded.
    if (upload.size > 0) state.fileSizes[new URL(downloadUrl).pathname] = upload.size;
    return c.json({
      success: true,
      code: 200,
      msg: "File uploaded successfully",
      data: {
        fileName: upload.fileName,
        filePath,
        downloadUrl,
        fileSize: upload.size,
        mimeType,
        uploadedAt: new Date(now()).toISOString(),
      },
    });
  };

  app.post("/api/file-stream-upload", async (c) => {
    const boundary = boundaryOf(c.req.header("Content-Type"));
    const body = c.req.raw.body;
    if (!boundary || !body) return refuse(c, "multipart/form-data is required");
    const parts = await readMultipart(body, boundary).catch(() => undefined);
    if (!parts) return refuse(c, "malformed multipart body");
    const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.text?.trim();
    const file = parts.find((p) => p.name === "file" && p.filename !== undefined);
    const uploadPath = cleanPath(field("uploadPath"));
    if (!file) return refuse(c, "file is required");
    if (!uploadPath) return refuse(c, "uploadPath is required");
    const fileName = field("fileName") || randomName(file.filename ?? "");
    const record = { kind: "stream", uploadPath, fileName, size: file.size, sha256: file.sha256 } as const;
    return answer(c, record, file.type ?? typeOf(fileName));
  });

  app.post("/api/file-base64-upload", async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const uploadPath = cleanPath(body?.uploadPath);
    const parsed = typeof body?.base64Data === "string" ? decodeBase64Data(body.base64Data) : undefined;
    if (!parsed) return refuse(c, "base64Data is required and must be base64 or a base64 data URL");
    if (!uploadPath) return refuse(c, "uploadPath is required");
    const fileName = nonEmpty(body?.fileName) ?? randomName(`x.${extensionOf(parsed.type)}`);
    const sha256 = new Sha256().update(parsed.bytes).hex();
    const record = { kind: "base64", uploadPath, fileName, size: parsed.bytes.length, sha256 } as const;
    return answer(c, record, parsed.type ?? typeOf(fileName));
  });

  // kie.ai fetches the URL itself; the simulator does not, so the size is unknown (0) and there is no hash.
  app.post("/api/file-url-upload", async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const fileUrl = typeof body?.fileUrl === "string" && URL.canParse(body.fileUrl) ? new URL(body.fileUrl) : null;
    const uploadPath = cleanPath(body?.uploadPath);
    if (!fileUrl || !/^https?:$/.test(fileUrl.protocol)) return refuse(c, "fileUrl must be an http(s) URL");
    if (!uploadPath) return refuse(c, "uploadPath is required");
    const fileName = nonEmpty(body?.fileName) ?? randomName(fileUrl.pathname);
    return answer(c, { kind: "url", uploadPath, fileName, size: 0, sha256: "" }, typeOf(fileName));
  });
}

function refuse(c: Context, msg: string): Response {
  return c.json({ success: false, code: 400, msg, data: null }, 400);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function cleanPath(value: unknown): string | undefined {
  return nonEmpty(value)?.replace(/^\/+|\/+$/g, "") || undefined;
}

/** kie.ai makes up a name when none is given; the extension is kept from the original, if any. */
function randomName(original: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(original)?.[1];
  return `${randomHex(8)}${ext ? `.${ext.toLowerCase()}` : ""}`;
}

function typeOf(fileName: string): string {
  return TYPES[fileName.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

function extensionOf(type: string | undefined): string {
  return Object.entries(TYPES).find(([, t]) => t === type)?.[0] ?? "bin";
}

/** The bytes and type of `data:<type>;base64,<data>` or of bare base64; undefined when it is neither. */
function decodeBase64Data(value: string): { bytes: Uint8Array; type?: string } | undefined {
  const m = /^data:([^;,]*)((?:;[^;,]*)*),/.exec(value);
  if (m && !/;base64$/i.test(m[2] ?? "")) return undefined;
  const payload = (m ? value.slice(m[0].length) : value).replace(/\s+/g, "");
  if (payload === "" || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return undefined;
  try {
    const binary = atob(payload);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return { bytes, ...(m?.[1] && { type: m[1] }) };
  } catch {
    return undefined;
  }
}
