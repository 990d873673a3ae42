import * as z from "zod";

/**
 * Zod schemas for single settings. Workers hand vars over as strings (or as numbers when written unquoted in
 * `wrangler.toml`), and an empty var means "use the default". Every message names what is wrong, never the value,
 * because a value may be a secret.
 *
 * @example
 * ```ts
 * const Timeout = integer({ min: 100, max: 60_000, fallback: 10_000 })
 * Timeout.parse("2500") // 2500
 * Timeout.parse("") // 10000
 * ```
 */
export function integer(opts: { min: number; max: number; fallback: number }) {
  return z.preprocess(
    blankToUndefined,
    z
      .union([z.number(), z.string().regex(/^-?\d+$/, { error: "must be a whole number" })], {
        error: "must be a whole number",
      })
      .transform(Number)
      .pipe(
        z
          .number()
          .int({ error: "must be a whole number" })
          .min(opts.min, { error: `must be at least ${opts.min}` })
          .max(opts.max, { error: `must be at most ${opts.max}` }),
      )
      .default(opts.fallback),
  );
}

/**
 * A required secret: present and not blank.
 *
 * @example
 * ```ts
 * secret().parse("sk-live") // "sk-live"
 * ```
 */
export function secret() {
  return z
    .string({ error: "is missing (set it with `wrangler secret put` or in .dev.vars)" })
    .refine((s) => s.trim().length > 0, { error: "is empty" });
}

/**
 * A comma-separated list; blanks and surrounding spaces are ignored.
 *
 * @example
 * ```ts
 * list().parse(" a, b ,,") // ["a", "b"]
 * ```
 */
export function list() {
  return z.preprocess(blankToUndefined, z.string({ error: "must be a string" }).default("")).transform((s) =>
    s
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

function blankToUndefined(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}
