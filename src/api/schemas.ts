import * as z from "zod/mini";
import { FileUrlInput, MAX_FILE_URL_LENGTH } from "../links";

export { CheckReport, MonitorStatus } from "../monitor";

// The contract of kie-edge's routes, once: request schemas validate what callers send, response schemas type
// what the routes return (their types are derived from here) and become /openapi.json. Tests check real
// responses against them.

const iso = () => z.iso.datetime();

/** `POST /api/v1/common/download-url` body. */
export const DownloadUrlBody = z.object({ url: FileUrlInput }, { error: "the body must be a JSON object with a url" });

/** Most URLs one batch takes. */
export const MAX_BATCH = 100;

/** `POST /api/v1/common/download-urls` body: each URL is checked on its own, so items are not typed here. */
export const BatchBody = z.object(
  {
    urls: z
      .array(z.unknown(), { error: "urls must be an array of file URLs" })
      .check(
        z.minLength(1, { error: `urls must hold 1 to ${MAX_BATCH} file URLs` }),
        z.maxLength(MAX_BATCH, { error: `urls must hold 1 to ${MAX_BATCH} file URLs` }),
      ),
  },
  { error: "the body must be a JSON object with urls" },
);

/** Query parameters, as documented (the routes check them with their own messages). */
export const FileQuery = z.object({ url: z.string().check(z.maxLength(MAX_FILE_URL_LENGTH)) });
export const HoursQuery = z.object({ hours: z.optional(z.int().check(z.minimum(1), z.maximum(168))) });

/** The envelope of every error: `code` equals the HTTP status, `data` is null. */
export const Failure = z.object({ code: z.int(), msg: z.string(), data: z.null() });

/** The success envelope around `data`. */
export function Success<T extends z.ZodMiniType>(data: T) {
  return z.object({ code: z.literal(200), msg: z.string(), data });
}

export const Balance = z.number();
export const Link = z.string().check(z.url());

/** One answer of a batch, in the position of its input. */
export const BatchItem = z.union([
  z.object({ url: z.unknown(), data: z.string(), cached: z.boolean(), expiresAt: iso() }),
  z.object({
    url: z.unknown(),
    error: z.object({ code: z.int(), msg: z.string() }),
    cached: z.literal(false),
    expiresAt: z.null(),
  }),
]);
export type BatchItem = z.output<typeof BatchItem>;

export const Health = z.object({
  version: z.string(),
  status: z.enum(["ok", "misconfigured"]),
  problems: z.optional(z.array(z.string())),
});

export const HistorySample = z.object({ at: iso(), balance: z.number() });
