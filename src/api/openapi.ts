import * as z from "zod/mini";
import { FAMILIES, familyDocs, type Operation, type RecordKind, taskName } from "../families";
import { TASK_ID } from "../upstream";
import {
  archiveSchemas,
  Balance,
  BatchBody,
  BatchItem,
  Budgets,
  CallbackBody,
  CallbackSecret,
  CheckReport,
  DownloadUrlBody,
  Failure,
  FileQuery,
  Health,
  HistorySample,
  HoursQuery,
  KeyCreateBody,
  KeyRevokeBody,
  KeyRotateBody,
  KieEnvelope,
  keySchemas,
  Link,
  MonitorStatus,
  Success,
  TaskSummary,
  UploadResult,
  Usage,
} from "./schemas";

const STATUS: Record<number, string> = {
  400: "Malformed JSON, or kie.ai refused the request (a 1080P video still processing): its message says why",
  401: "Missing, malformed or unknown proxy token; or a runtime key (ke_…) that is malformed, unknown, expired, revoked or past its grace (the message says which)",
  402: "Not enough credits: kie.ai's (its message), or, for a generation, the caller's budget (CALLER_POLICIES)",
  403: "A signed archive link that is not genuine or has expired; the caller's CALLER_POLICIES (or its key's scope) do not allow this model; or the caller is not an admin, on a key-management route",
  404: "No such route, or no task of the caller's with this id",
  405: "Method not allowed (see Allow)",
  409: "kie.ai already has this record (a WAV, a persona), or a key cannot be changed so (a revoked key rotated): its message says which",
  413: "Body too large",
  415: "Body is not JSON",
  416: "Range not satisfiable",
  422: "Invalid parameters: ours (a body nested too deep, a model id outside the rule, a task of another family), or kie.ai's own 422 with its message and data",
  429: "Rate limited: this caller's kie-edge limit, kie.ai's after retries, or the task admission queue (Retry-After)",
  455: "kie.ai under maintenance (Retry-After when known)",
  502: "kie.ai failed, refused the gateway's key (401), or answered malformed; the message says which",
  503: "kie-edge misconfigured (the message names the setting), or its KV state unreadable",
  504: "kie.ai did not answer in time",
  505: "kie.ai: feature disabled",
};

type Json = Record<string, unknown>;

function schema(s: z.ZodMiniType, io: "input" | "output" = "output"): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Json;
  return rest;
}

function json(s: z.ZodMiniType, example?: unknown, description = "Success"): Json {
  return { description, content: { "application/json": { schema: schema(s), ...(example ? { example } : {}) } } };
}

// Each error status is described once, in components, and referred to by every operation that may answer it.
function failures(codes: number[]): Json {
  return Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/E${code}` }]));
}

function errorResponses(): Json {
  const failure = schema(Failure);
  return Object.fromEntries(
    Object.entries(STATUS).map(([code, description]) => [
      `E${code}`,
      {
        description,
        content: {
          "application/json": { schema: failure, example: { code: Number(code), msg: description, data: null } },
        },
      },
    ]),
  );
}

const GUARDED = [401, 405, 429, 503];
const UPSTREAM = [402, 422, 455, 502, 504, 505];
const BODY = [400, 413, 415, 422];

function operation(summary: string, responses: Json, extra: Json = {}, secured = true): Json {
  return { summary, ...(secured ? { security: [{ proxyToken: [] }] } : {}), responses, ...extra };
}

function upload(type: string, schemaOf: Json, summary: string): Json {
  return operation(
    summary,
    {
      "200": json(UploadResult, undefined, "kie.ai's answer, as it comes"),
      ...failures([...GUARDED, 400, 413, 415, ...UPSTREAM]),
    },
    { requestBody: { required: true, content: { [type]: { schema: schemaOf } } } },
  );
}

function body(s: z.ZodMiniType, example: unknown): Json {
  return { requestBody: { required: true, content: { "application/json": { schema: schema(s, "input"), example } } } };
}

// Read when the document is made, never when the module loads: the Worker carries none of the reference's text.
let docs: ReturnType<typeof familyDocs> | undefined;
function doc(id: string) {
  docs ??= familyDocs();
  return docs[id];
}
const TASK_ID_PARAM = { type: "string", pattern: TASK_ID.source };

// One operation of a family: kie.ai's body as the caller sends it (only what kie-edge reads is spelled out), and
// kie.ai's envelope back.
function familyOperation(family: string, op: Operation): Json {
  const fields: Json = {};
  if (op.model)
    fields[op.model.field] = {
      type: "string",
      description: `the model${op.model.default ? ` (kie.ai's default: ${op.model.default})` : ""}`,
    };
  if (op.callback)
    fields[op.callback] = {
      type: "string",
      format: "uri",
      description: "your callback URL: kie-edge relays kie.ai's callback there, signed",
    };
  if (op.parent?.in === "body")
    fields[op.parent.field] = { ...TASK_ID_PARAM, description: "a task (or item) of yours this call follows up on" };
  for (const field of op.objects ?? []) fields[field] = { type: "object" };
  const required = [
    ...(op.model?.required ? [op.model.field] : []),
    ...(op.parent?.in === "body" ? [op.parent.field] : []),
    ...(op.objects ?? []),
  ];
  const name = op.model ? `${family === "jobs" ? "" : `${family}/`}<${op.model.field}>` : taskName(op, {});
  const notes = [
    `Name in CALLER_POLICIES, MODEL_PRICES and usage: \`${name}\`.`,
    op.admit ? "Counts in kie.ai's account-wide window of new generations." : "",
    op.record ? `Polled at ${op.record.path}.` : "Answered at once.",
  ].filter(Boolean);
  const extra: Json = { tags: [family], description: notes.join(" ") };
  if (op.method === "POST") {
    extra.requestBody = {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: fields,
            ...(required.length ? { required } : {}),
            additionalProperties: true,
          },
          ...(doc(op.id)?.example ? { example: doc(op.id)?.example } : {}),
        },
      },
    };
  } else if (op.parent) {
    extra.parameters = [{ name: op.parent.field, in: "query", required: true, schema: TASK_ID_PARAM }];
  }
  const codes = [
    ...GUARDED,
    ...(op.method === "POST" ? BODY : [422]),
    403,
    ...(op.parent ? [404] : []),
    ...UPSTREAM,
    400,
    409,
  ];
  return operation(
    doc(op.id)?.summary ?? op.id,
    { "200": json(KieEnvelope, undefined, "kie.ai's answer, as it came"), ...failures([...new Set(codes)]) },
    extra,
  );
}

function recordOperation(family: string, kind: RecordKind): Json {
  return operation(
    `${doc(kind.id)?.summary ?? kind.id} — only to the caller that created the task (admins: any)`,
    {
      "200": json(KieEnvelope, undefined, "kie.ai's record, as it came (kept once final)"),
      ...failures([...GUARDED, 404, 422, ...UPSTREAM]),
    },
    {
      tags: [family],
      parameters: [{ name: "taskId", in: "query", required: true, schema: TASK_ID_PARAM }],
    },
  );
}

// Every carried endpoint, from the families' declarations.
function familyPaths(): Json {
  const paths: Record<string, Json> = {};
  for (const family of FAMILIES) {
    for (const op of family.operations as readonly Operation[]) {
      paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: familyOperation(family.name, op) };
    }
    for (const kind of family.kinds as readonly RecordKind[])
      paths[kind.path] = { get: recordOperation(family.name, kind) };
  }
  return paths;
}

// Caller keys (src/routes/keys.ts): managed by admins, read by every caller (its own).
function keyPaths(): Json {
  const { CreatedKey, KeyAudit, KeyList, RevokedKey, RotatedKey } = keySchemas();
  const tags = ["keys"];
  const idParam = {
    name: "id",
    in: "path",
    required: true,
    schema: { type: "string", pattern: "^key_[A-Za-z0-9_-]{16}$" },
  };
  const query = (name: string, schemaOf: Json, description: string) => ({
    name,
    in: "query",
    required: false,
    description,
    schema: schemaOf,
  });
  const optional = (s: z.ZodMiniType, example: unknown) => ({
    requestBody: { required: false, content: { "application/json": { schema: schema(s, "input"), example } } },
  });
  return {
    "/api/v1/keys": {
      get: operation(
        "Runtime keys, never a secret: an admin sees every key, a caller its own caller's",
        { "200": json(Success(KeyList)), ...failures([...GUARDED, 403, 422]) },
        {
          tags,
          parameters: [
            query("caller", { type: "string" }, "only this caller's keys"),
            query("state", { type: "string", enum: ["active", "expired", "revoked"] }, "only keys in this state"),
            query("limit", { type: "integer", minimum: 1, maximum: 10_000, default: 1000 }, "newest first"),
          ],
        },
      ),
      post: operation(
        "A new key for a caller, with its own scope (admins only); its secret is in this answer and never again",
        { "200": json(Success(CreatedKey)), ...failures([...GUARDED, 403, ...BODY]) },
        {
          tags,
          ...body(KeyCreateBody, {
            caller: "dana",
            expiresAt: "2027-01-31T00:00:00Z",
            note: "Dana's laptop",
            models: ["veo/*", "google/*"],
            budgets: { daily: 200 },
          }),
        },
      ),
    },
    "/api/v1/keys/audit": {
      get: operation(
        "Every change to keys, newest first: who, what, when, from which request (admins only; kept 400 days)",
        { "200": json(Success(KeyAudit)), ...failures([...GUARDED, 403, 422]) },
        {
          tags,
          parameters: [
            query("keyId", { type: "string" }, "only this key's entries"),
            query("limit", { type: "integer", minimum: 1, maximum: 1000, default: 200 }, "newest first"),
          ],
        },
      ),
    },
    "/api/v1/keys/{id}/rotate": {
      post: operation(
        "A new secret for the key (admins only); the old one is accepted until graceUntil, then refused",
        { "200": json(Success(RotatedKey)), ...failures([...GUARDED, 403, 404, 409, ...BODY]) },
        { tags, parameters: [idParam], ...optional(KeyRotateBody, { graceSeconds: 3600 }) },
      ),
    },
    "/api/v1/keys/{id}/revoke": {
      post: operation(
        "Revokes the key (admins only): refused everywhere within KEY_CACHE_SECONDS (at most 10 s)",
        { "200": json(Success(RevokedKey)), ...failures([...GUARDED, 403, 404, ...BODY]) },
        { tags, parameters: [idParam], ...optional(KeyRevokeBody, { reason: "laptop lost" }) },
      ),
    },
  };
}

// Archived results (src/routes/archive.ts, archive-links.ts): each to its owner, answered from R2.
function archivePaths(): Json {
  const { ArchiveListing, ArchiveRecent, StorageUse } = archiveSchemas();
  const tags = ["archive"];
  const taskParam = { name: "taskId", in: "path", required: true, schema: TASK_ID_PARAM };
  const file = {
    description: "The archived file (206 for a range, 304 when If-None-Match matches)",
    content: {
      "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
    },
    headers: {
      ETag: { schema: { type: "string" } },
      "X-Served-From": { schema: { type: "string", enum: ["archive"] } },
    },
  };
  const ranged = [
    { name: "Range", in: "header", required: false, schema: { type: "string", examples: ["bytes=0-1023"] } },
    { name: "If-None-Match", in: "header", required: false, schema: { type: "string" } },
    { name: "If-Range", in: "header", required: false, schema: { type: "string" } },
  ];
  const window = (name: string) => ({
    name,
    in: "query",
    required: false,
    schema: { type: "string", examples: ["2026-11-01"] },
  });
  return {
    "/api/v1/archive": {
      get: operation(
        "The newest tasks with archived files, and each file's state (a caller sees its own)",
        { "200": json(Success(ArchiveRecent)), ...failures([...GUARDED, 422]) },
        {
          tags,
          parameters: [
            {
              name: "limit",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
            },
          ],
        },
      ),
    },
    "/api/v1/archive/{taskId}": {
      get: operation(
        "A task's archived files: index, size, type, SHA-256, archived at, expires at, or why not (its owner; admins: any)",
        { "200": json(Success(ArchiveListing)), ...failures([...GUARDED, 404]) },
        { tags, parameters: [taskParam] },
      ),
    },
    "/api/v1/archive/{taskId}/{index}": {
      get: operation(
        "One archived file from R2, never from kie.ai: Range, ETag, If-None-Match, If-Range (its owner; admins: any)",
        {
          "200": file,
          "206": { description: "The requested range" },
          "304": { description: "Not modified" },
          ...failures([...GUARDED, 404, 416]),
        },
        {
          tags,
          parameters: [
            taskParam,
            { name: "index", in: "path", required: true, schema: { type: "integer", minimum: 0 } },
            ...ranged,
          ],
        },
      ),
    },
    "/archive/file/{object}": {
      get: operation(
        "An archived file behind a signed link from download-url (no token; 20 minutes, like kie.ai's links)",
        { "200": file, "206": { description: "The requested range" }, ...failures([403, 404, 416]) },
        {
          tags,
          parameters: [
            { name: "object", in: "path", required: true, schema: { type: "string" } },
            { name: "expires", in: "query", required: true, schema: { type: "integer" } },
            { name: "sig", in: "query", required: true, schema: { type: "string" } },
            ...ranged,
          ],
        },
        false,
      ),
    },
    "/api/v1/usage/storage": {
      get: operation(
        "The archive's bytes stored and served per caller per UTC day, and what each keeps against its quota",
        { "200": json(Success(StorageUse)), ...failures([...GUARDED, 422]) },
        { tags, parameters: [window("from"), window("to")] },
      ),
    },
  };
}

/**
 * The OpenAPI 3.1 document of every public route, built from the zod schemas in `./schemas` —
 * the same ones the routes validate with and derive their types from. Not part of the Worker: `npm run openapi`
 * writes it to public/openapi.json, which Workers Static Assets serve.
 *
 * @example
 * ```ts
 * await writeFile("public/openapi.json", JSON.stringify(openApiDocument(version), null, 2))
 * ```
 */
export function openApiDocument(version: string): Json {
  const file = "https://tempfile.aiquickdraw.com/r/cat.png";
  return {
    openapi: "3.1.0",
    info: {
      title: "kie-edge",
      version,
      description:
        "Edge gateway for the kie.ai account API. Every response is kie.ai's envelope {code, msg, data}; the HTTP status equals code.",
    },
    components: {
      responses: errorResponses(),
      securitySchemes: {
        proxyToken: {
          type: "http",
          scheme: "bearer",
          description: "A caller's own kie-edge token (PROXY_TOKENS), never the kie.ai key.",
        },
      },
    },
    paths: {
      "/healthz": {
        get: operation(
          "Version and configuration status; never calls kie.ai",
          {
            "200": json(Success(Health), { code: 200, msg: "ok", data: { version, status: "ok" } }),
            ...failures([503]),
          },
          {},
          false,
        ),
      },
      "/api/v1/chat/credit": {
        get: operation("Live credit balance (fractional as kie.ai sends it)", {
          "200": json(Success(Balance), { code: 200, msg: "success", data: 5780.03 }),
          ...failures([...GUARDED, ...UPSTREAM]),
        }),
      },
      "/api/v1/common/download-url": {
        post: operation(
          "A temporary download link, from the cache while enough of its 20 minutes is left",
          {
            "200": json(Success(Link), { code: 200, msg: "success", data: `${file}?sig=…` }),
            ...failures([...GUARDED, ...BODY, ...UPSTREAM]),
          },
          body(DownloadUrlBody, { url: file }),
        ),
      },
      "/api/v1/common/download-urls": {
        post: operation(
          "Links for 1–100 files, one result per input in order; each URL succeeds or fails on its own",
          { "200": json(Success(z.array(BatchItem))), ...failures([...GUARDED, ...BODY]) },
          body(BatchBody, { urls: [file, "https://tempfile.aiquickdraw.com/r/dog.mp4"] }),
        ),
      },
      "/api/v1/common/download": {
        get: operation(
          "The file itself, streamed; Range passes through",
          {
            "200": {
              description: "The file",
              content: {
                "application/octet-stream": {
                  schema: { type: "string", contentMediaType: "application/octet-stream" },
                },
              },
            },
            "206": { description: "The requested range" },
            ...failures([...GUARDED, 416, 422, 402, 455, 502, 504, 505]),
          },
          {
            parameters: [
              { name: "url", in: "query", required: true, schema: (schema(FileQuery).properties as Json).url },
            ],
          },
        ),
      },
      "/api/v1/monitor/check": {
        post: operation("Run the credit check now and say what it did", {
          "200": json(Success(CheckReport)),
          ...failures(GUARDED),
        }),
      },
      "/api/v1/monitor/status": {
        get: operation("The monitor's state: balance, thresholds, burn rate, forecast, alerts", {
          "200": json(Success(MonitorStatus)),
          ...failures(GUARDED),
        }),
      },
      "/api/v1/monitor/history": {
        get: operation(
          "Balance samples of the last N hours",
          { "200": json(Success(z.array(HistorySample))), ...failures([...GUARDED, 422]) },
          {
            parameters: [
              {
                name: "hours",
                in: "query",
                required: false,
                schema: { ...((schema(HoursQuery).properties as Json).hours as Json), default: 24 },
              },
            ],
          },
        ),
      },
      "/api/v1/tasks/summary": {
        get: operation("Tasks in flight, and finished in the last 24 hours, per caller (a caller sees its own)", {
          "200": json(Success(TaskSummary)),
          ...failures(GUARDED),
        }),
      },
      "/api/v1/usage": {
        get: operation(
          "Credits and task counts of the tasks created in [from, to), grouped (a caller sees its own); Accept: text/csv for CSV",
          {
            "200": {
              description: "Success",
              content: {
                "application/json": { schema: schema(Success(Usage)) },
                "text/csv": { schema: { type: "string" } },
              },
            },
            ...failures([...GUARDED, 422]),
          },
          {
            parameters: [
              { name: "from", in: "query", required: false, schema: { type: "string", examples: ["2026-11-01"] } },
              { name: "to", in: "query", required: false, schema: { type: "string", examples: ["2026-12-01"] } },
              {
                name: "groupBy",
                in: "query",
                required: false,
                schema: { type: "string", default: "caller", examples: ["caller", "day,model"] },
              },
            ],
          },
        ),
      },
      "/api/v1/usage/budgets": {
        get: operation("Each visible caller's daily and monthly budget: limit, spent, reserved, left", {
          "200": json(Success(Budgets)),
          ...failures(GUARDED),
        }),
      },
      "/api/v1/callbacks/secret": {
        get: operation("The caller's own whsec_ secret for verifying relayed callbacks", {
          "200": json(Success(CallbackSecret)),
          ...failures(GUARDED),
        }),
      },
      ...keyPaths(),
      ...archivePaths(),
      "/callbacks/kie/{ref}": {
        post: operation(
          "kie.ai's task callback (kie.ai calls it; signed when KIE_WEBHOOK_HMAC_KEY is set). Confirmed, then relayed",
          {
            "200": json(Success(z.null()), { code: 200, msg: "received", data: null }),
            ...failures([400, 401, 404, 413, 503]),
          },
          {
            parameters: [
              { name: "ref", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{43}$" } },
            ],
            requestBody: { required: true, content: { "application/json": { schema: schema(CallbackBody, "input") } } },
          },
          false,
        ),
      },
      "/api/file-stream-upload": {
        post: upload(
          "multipart/form-data",
          {
            type: "object",
            required: ["file", "uploadPath"],
            properties: {
              file: { type: "string", contentMediaType: "application/octet-stream" },
              uploadPath: { type: "string" },
              fileName: { type: "string" },
            },
          },
          "Upload a file, streamed through to kie.ai (at most UPLOAD_MAX_BYTES)",
        ),
      },
      "/api/file-base64-upload": {
        post: upload(
          "application/json",
          {
            type: "object",
            required: ["base64Data", "uploadPath"],
            properties: {
              base64Data: { type: "string" },
              uploadPath: { type: "string" },
              fileName: { type: "string" },
            },
          },
          "Upload a base64 file (data URL or bare base64)",
        ),
      },
      "/api/file-url-upload": {
        post: upload(
          "application/json",
          {
            type: "object",
            required: ["fileUrl", "uploadPath"],
            properties: { fileUrl: { type: "string" }, uploadPath: { type: "string" }, fileName: { type: "string" } },
          },
          "Have kie.ai fetch a file from a URL",
        ),
      },
      ...familyPaths(),
      "/openapi.json": { get: operation("This document", { "200": { description: "OpenAPI 3.1" } }, {}, false) },
      "/docs": {
        get: operation("An API reference page for this document", { "200": { description: "HTML" } }, {}, false),
      },
      "/": {
        get: operation(
          "The dashboard: balance, state, forecast and history chart (data needs a token)",
          { "200": { description: "HTML" } },
          {},
          false,
        ),
      },
    },
  };
}
