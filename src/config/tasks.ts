import * as z from "zod/mini";
import { integer, jsonObject, refuse } from "./fields";
import { decodeSigningSecret } from "./monitor";
import { MODEL_PATTERN } from "./spend";
import { baseUrl, isLoopback } from "./urls";

/** Credits a caller may spend per UTC day and per UTC month; absent: no limit. */
export interface Budget {
  daily?: number;
  monthly?: number;
}

/** What one caller may do with generation tasks. */
export interface CallerPolicy {
  /** Model names or patterns (`veo/*`, `nano-banana*`, `*`); absent: every model. */
  models?: string[];
  /** Sees every task, and every caller's usage, not only its own. */
  admin: boolean;
  budget?: Budget;
  /**
   * Which rate limit the caller counts against: a runtime key's own tier (src/keys); absent (every PROXY_TOKENS
   * caller): `CALLER_LIMIT_HIGH` when `HIGH_LIMIT_CALLERS` names the caller, else `CALLER_LIMIT`.
   */
  tier?: "standard" | "high";
  /** The most bytes of result files the archive keeps for the caller; absent: no quota. */
  archive?: { maxBytes: number };
}

/** Generation tasks, their admission, callbacks and uploads. */
export interface TaskSettings {
  /** By caller name; a caller with no entry may use every model and sees its own tasks. */
  policies: Record<string, CallerPolicy>;
  /** kie.ai never sees more than `rate` createTask calls in any `windowMs`. */
  rate: number;
  windowMs: number;
  /** A task that has not called back is first looked at this long after it was created (a lost callback is made good). */
  firstLookMs: number;
  /** A createTask that would wait longer than this for admission is refused at once (429). */
  maxWaitMs: number;
  /** The origin kie.ai calls back (`<publicUrl>/callbacks/kie/<ref>`); unset: the createTask request's origin. */
  publicUrl?: string;
  /** kie.ai's webhook HMAC key, when the account enables it: callbacks must then be signed with it. */
  kieHmacKey?: string;
  /** The root of every caller's relay secret (HKDF), decoded from `whsec_…`; unset: no relays. */
  callbackKey?: Uint8Array;
  /** The secret as configured, only so it can be redacted. */
  callbackKeyText?: string;
  uploadBaseUrl: string;
  uploadMaxBytes: number;
}

const credits = z.number().check(z.positive());

const Policy = z.strictObject({
  models: z.optional(z.array(z.string().check(z.regex(MODEL_PATTERN)))),
  admin: z.optional(z.boolean()),
  budget: z.optional(z.strictObject({ daily: z.optional(credits), monthly: z.optional(credits) })),
  archive: z.optional(z.strictObject({ maxBytes: z.int().check(z.nonnegative()) })),
});

/** `CALLER_POLICIES`: JSON, caller name → `{models?, admin?}`. */
const CallerPolicies = z.transform((value: unknown, ctx): Record<string, CallerPolicy> => {
  const raw = jsonObject(value, ctx, 'caller name → {"models": [...], "admin": true, "budget": {...}}');
  const policies: Record<string, CallerPolicy> = {};
  for (const [name, entry] of Object.entries(raw ?? {})) {
    const parsed = z.safeParse(Policy, entry);
    if (!parsed.success) {
      return refuse(
        ctx,
        `has an entry for '${name}' that is not {"models": ["model" or "prefix*", ...], "admin": true|false, "budget": {"daily": <credits>, "monthly": <credits>}}`,
      );
    }
    const { models, admin, budget } = parsed.data;
    policies[name] = {
      admin: admin ?? false,
      ...(models ? { models } : {}),
      ...(budget && (budget.daily !== undefined || budget.monthly !== undefined) ? { budget } : {}),
      ...(parsed.data.archive ? { archive: parsed.data.archive } : {}),
    };
  }
  return policies;
});

const PublicUrl = z.transform((value: unknown, ctx): string | undefined => {
  if (value === undefined || (typeof value === "string" && !value.trim())) return undefined;
  const url = typeof value === "string" && URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
  if (!url || (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url)))) {
    return refuse(ctx, "must be an https origin (plain http only to 127.0.0.1 or localhost)");
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    return refuse(ctx, "must be a bare origin like https://kie-edge.example.com (no path, query or credentials)");
  }
  return url.origin;
});

const optionalSecret = z.transform((value: unknown, ctx): string | undefined => {
  if (value === undefined || (typeof value === "string" && !value.trim())) return undefined;
  return typeof value === "string" ? value.trim() : refuse(ctx, "must be a string");
});

const CallbackKey = z.transform((value: unknown, ctx): { key: Uint8Array; text: string } | undefined => {
  if (value === undefined || (typeof value === "string" && !value.trim())) return undefined;
  const text = typeof value === "string" ? value.trim() : "";
  const key = decodeSigningSecret(text);
  return key ? { key, text } : refuse(ctx, "must be whsec_ followed by a base64 key of at least 24 bytes");
});

/** Workers take request bodies up to 100 MiB on the Free and Pro plans. */
const WORKERS_BODY_LIMIT = 100 * 1024 * 1024;

/**
 * The task, callback and upload settings, by environment name.
 */
export const tasksShape = {
  CALLER_POLICIES: CallerPolicies,
  KIE_TASK_RATE: integer({ min: 1, max: 1000, fallback: 20 }),
  KIE_TASK_RATE_WINDOW_S: integer({ min: 1, max: 3600, fallback: 10 }),
  TASK_ADMISSION_MAX_WAIT_MS: integer({ min: 0, max: 120_000, fallback: 15_000 }),
  TASK_FIRST_LOOK_S: integer({ min: 1, max: 3600, fallback: 300 }),
  PUBLIC_URL: PublicUrl,
  KIE_WEBHOOK_HMAC_KEY: optionalSecret,
  CALLBACK_SIGNING_KEY: CallbackKey,
  KIE_UPLOAD_BASE_URL: baseUrl("https://kieai.redpandaai.co"),
  UPLOAD_MAX_BYTES: integer({ min: 1, max: 500 * 1024 * 1024, fallback: WORKERS_BODY_LIMIT }),
};

type TasksEnv = { [K in keyof typeof tasksShape]: z.output<(typeof tasksShape)[K]> };

/**
 * Cross-setting checks: every caller a policy names must be one of `PROXY_TOKENS`, so a typo cannot leave a
 * caller unrestricted.
 */
export function tasksProblems(s: TasksEnv, callers: readonly string[]): string[] {
  const unknown = Object.keys(s.CALLER_POLICIES).filter((name) => !callers.includes(name));
  return unknown.length === 0
    ? []
    : [`CALLER_POLICIES names ${unknown.map((n) => `'${n}'`).join(", ")}, not a caller of PROXY_TOKENS`];
}

/**
 * The parsed task settings.
 */
export function tasksSettings(s: TasksEnv): TaskSettings {
  return {
    policies: s.CALLER_POLICIES,
    rate: s.KIE_TASK_RATE,
    windowMs: s.KIE_TASK_RATE_WINDOW_S * 1000,
    maxWaitMs: s.TASK_ADMISSION_MAX_WAIT_MS,
    firstLookMs: s.TASK_FIRST_LOOK_S * 1000,
    ...(s.PUBLIC_URL ? { publicUrl: s.PUBLIC_URL } : {}),
    ...(s.KIE_WEBHOOK_HMAC_KEY ? { kieHmacKey: s.KIE_WEBHOOK_HMAC_KEY } : {}),
    ...(s.CALLBACK_SIGNING_KEY
      ? { callbackKey: s.CALLBACK_SIGNING_KEY.key, callbackKeyText: s.CALLBACK_SIGNING_KEY.text }
      : {}),
    uploadBaseUrl: s.KIE_UPLOAD_BASE_URL,
    uploadMaxBytes: s.UPLOAD_MAX_BYTES,
  };
}
