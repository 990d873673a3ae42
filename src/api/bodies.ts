import * as z from "zod/mini";
import { CALLER_NAME, MODEL_PATTERN } from "../config";
import { FileUrlInput } from "../links";

// What callers send, as the routes validate it (and /openapi.json documents it, through ./schemas).

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

// Caller keys (src/keys, src/routes/keys.ts).

const NOTE = /^\P{Cc}{0,200}$/u;
const keyCredits = z
  .number({ error: "budgets must be numbers of credits" })
  .check(z.positive({ error: "budgets must be positive numbers of credits" }));
const KeyBudgets = z.strictObject(
  { daily: z.optional(keyCredits), monthly: z.optional(keyCredits) },
  { error: 'budgets must be {"daily": <credits>, "monthly": <credits>}, each optional' },
);
export const KeyTier = z.enum(["standard", "high"], { error: "tier must be standard or high" });

/** `POST /api/v1/keys` body: a new key for a caller, and its own scope. */
export const KeyCreateBody = z.strictObject(
  {
    caller: z
      .string({ error: "caller must be a caller name" })
      .check(z.regex(CALLER_NAME, { error: "caller must be a caller name: 1–64 of A-Z a-z 0-9 _ . -" })),
    expiresAt: z.optional(
      z.iso.datetime({ offset: true, error: "expiresAt must be an ISO date-time with a zone (2027-01-31T00:00:00Z)" }),
    ),
    note: z.optional(
      z
        .string({ error: "note must be a string" })
        .check(z.regex(NOTE, { error: "note must be at most 200 characters, with no control characters" })),
    ),
    models: z.optional(
      z
        .array(
          z.string({ error: "models must be model patterns" }).check(
            z.regex(MODEL_PATTERN, {
              error: "models must be model patterns: a name, a prefix* (veo/*) or *, of A-Z a-z 0-9 . _ - / :",
            }),
          ),
          { error: "models must be a list of model patterns" },
        )
        .check(
          z.minLength(1, { error: "models must list 1 to 100 patterns (leave it out for every model)" }),
          z.maxLength(100, { error: "models must list 1 to 100 patterns (leave it out for every model)" }),
        ),
    ),
    budgets: z.optional(KeyBudgets),
    tier: z.optional(KeyTier),
    admin: z.optional(z.boolean({ error: "admin must be true or false" })),
  },
  { error: "the body must be a JSON object: {caller, expiresAt?, note?, models?, budgets?, tier?, admin?}" },
);

/** `POST /api/v1/keys/{id}/rotate` body (or none). */
export const KeyRotateBody = z.strictObject(
  {
    graceSeconds: z.optional(
      z
        .int({ error: "graceSeconds must be a whole number of seconds from 0 to 604800 (7 days)" })
        .check(
          z.minimum(0, { error: "graceSeconds must be a whole number of seconds from 0 to 604800 (7 days)" }),
          z.maximum(604_800, { error: "graceSeconds must be a whole number of seconds from 0 to 604800 (7 days)" }),
        ),
    ),
  },
  { error: "the body must be a JSON object: {graceSeconds?}" },
);

/** `POST /api/v1/keys/{id}/revoke` body (or none). */
export const KeyRevokeBody = z.strictObject(
  {
    reason: z.optional(
      z
        .string({ error: "reason must be a string" })
        .check(z.regex(NOTE, { error: "reason must be at most 200 characters, with no control characters" })),
    ),
  },
  { error: "the body must be a JSON object: {reason?}" },
);
