import * as z from "zod/mini";

/**
 * Records a validation problem from inside a zod transform and yields `z.NEVER`, so the parse fails with
 * `message`. Messages say what is wrong, never the value, because a value may be a secret.
 *
 * @example
 * ```ts
 * z.transform((v: string, ctx) => (v.includes(":") ? v : refuse(ctx, "is not of the form name:token")))
 * ```
 */
export function refuse(ctx: { value: unknown; issues: unknown[] }, message: string): never {
  ctx.issues.push({ code: "custom", message, input: ctx.value });
  return z.NEVER;
}

/**
 * A whole-number setting. Workers hand vars over as strings (or as numbers when written unquoted in
 * `wrangler.toml`), and an empty or absent var means the default.
 */
export function integer(opts: { min: number; max: number; fallback: number }) {
  return z.transform((value: unknown, ctx): number => {
    if (isBlank(value)) return opts.fallback;
    const n = typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isSafeInteger(n)) return refuse(ctx, "must be a whole number");
    if (n < opts.min) return refuse(ctx, `must be at least ${opts.min}`);
    if (n > opts.max) return refuse(ctx, `must be at most ${opts.max}`);
    return n;
  });
}

/**
 * A decimal setting (credit thresholds may be fractional, like balances), with the same blank-means-default rule.
 */
export function decimal(opts: { min: number; max: number; fallback: number }) {
  return z.transform((value: unknown, ctx): number => {
    if (isBlank(value)) return opts.fallback;
    const n = typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n)) return refuse(ctx, "must be a number");
    if (n < opts.min) return refuse(ctx, `must be at least ${opts.min}`);
    if (n > opts.max) return refuse(ctx, `must be at most ${opts.max}`);
    return n;
  });
}

/**
 * One of a few words, blank meaning `fallback`.
 */
export function oneOf<const T extends string>(choices: readonly T[], fallback: T) {
  return z.transform((value: unknown, ctx): T => {
    if (isBlank(value)) return fallback;
    const word = typeof value === "string" ? value.trim().toLowerCase() : "";
    return (choices as readonly string[]).includes(word)
      ? (word as T)
      : refuse(ctx, `must be one of ${choices.join(", ")}`);
  });
}

/**
 * A required secret: present and not blank.
 */
export function secret() {
  return z.transform((value: unknown, ctx): string => {
    if (value === undefined) return refuse(ctx, "is missing (set it with `wrangler secret put` or in .dev.vars)");
    if (typeof value !== "string") return refuse(ctx, "must be a string");
    return isBlank(value) ? refuse(ctx, "is empty") : value;
  });
}

/**
 * A comma-separated list; blanks and surrounding spaces are ignored, an absent var is an empty list.
 */
export function list() {
  return z.transform((value: unknown, ctx): string[] => {
    if (value === undefined) return [];
    return typeof value === "string" ? splitList(value) : refuse(ctx, "must be a string");
  });
}

/**
 * The non-blank, trimmed parts of a comma-separated string.
 */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

function isBlank(value: unknown): boolean {
  return value === undefined || (typeof value === "string" && value.trim() === "");
}

/**
 * A setting holding a JSON object, as text (or as a table, written in `wrangler.toml`); blank means `undefined`.
 * `shape` completes "must be a JSON object of …".
 *
 * @example
 * ```ts
 * const raw = jsonObject(value, ctx, "model → credits")
 * ```
 */
export function jsonObject(
  value: unknown,
  ctx: { value: unknown; issues: unknown[] },
  shape: string,
): Record<string, unknown> | undefined {
  if (isBlank(value)) return undefined;
  let raw: unknown = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      return refuse(ctx, "is not valid JSON");
    }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return refuse(ctx, `must be a JSON object of ${shape}`);
  return raw as Record<string, unknown>;
}
