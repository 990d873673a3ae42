// Body checks the endpoint table composes: each answers the refusal message, or undefined when the body passes.

export type Check = (body: Record<string, unknown>) => string | undefined;

/**
 * Passes when every check passes; answers the first refusal.
 *
 * @example
 * ```ts
 * check: all(oneOf("size", ["1:1", "3:2", "2:3"]), maxItems("filesUrl", 5))
 * ```
 */
export function all(...checks: Check[]): Check {
  return (body) => {
    for (const check of checks) {
      const problem = check(body);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** When present, `field` is one of `values`. */
export function oneOf(field: string, values: readonly unknown[]): Check {
  return (body) =>
    body[field] === undefined || values.includes(body[field])
      ? undefined
      : `${field} must be one of ${values.join(", ")}`;
}

/** When present, `field` is a string of at most `max` characters. */
export function maxLength(field: string, max: number): Check {
  return (body) =>
    body[field] === undefined || (typeof body[field] === "string" && body[field].length <= max)
      ? undefined
      : `${field} must be at most ${max} characters`;
}

/** When present, `field` is an array of `min` to `max` items. */
export function items(field: string, min: number, max: number): Check {
  return (body) => {
    const value = body[field];
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.length >= min && value.length <= max) return undefined;
    return min === max ? `${field} must hold exactly ${min} items` : `${field} must hold ${min} to ${max} items`;
  };
}

/** `fields` are present when `when` holds of the body. */
export function requiredWhen(when: (body: Record<string, unknown>) => boolean, ...fields: string[]): Check {
  return (body) => (when(body) ? missing(body, fields) : undefined);
}

/**
 * The refusal for the first of `fields` that is absent (undefined, null or ""); `false` and 0 are present.
 *
 * @example
 * ```ts
 * missing({ prompt: "" }, ["prompt"]) // "prompt is required"
 * ```
 */
export function missing(body: Record<string, unknown>, fields: readonly string[]): string | undefined {
  const absent = fields.find((f) => body[f] === undefined || body[f] === null || body[f] === "");
  return absent === undefined ? undefined : `${absent} is required`;
}

/** Whether `value` is an http(s) URL (kie.ai calls back and fetches only those). */
export function isHttpUrl(value: unknown): value is string {
  return typeof value === "string" && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
