/** The fields in which kie.ai echoes a task's callback URL (Suno's voice regenerate spells it `calBackUrl`). */
const CALLBACK_FIELDS = new Set(["callBackUrl", "callbackUrl", "calBackUrl"]);

/** What a caller's view of a task needs: kie-edge's own callback URL (secret), its reference, the caller's URL. */
export interface CallerView {
  kieCallback: string;
  ref: string;
  callbackUrl: string | null;
}

/**
 * A record (or any answer kie.ai gave about a task) as its caller may see it. kie.ai echoes the callback URL it
 * was given — kie-edge's own, whose reference is the task's secret — in `param`, `paramJson` or `callbackUrl`; the
 * caller gets back its own URL there, or none. The reference itself is blanked wherever else it turns up, in any
 * spelling: inside JSON strings (escaped slashes and all, read as JSON) and percent-encoded.
 *
 * @example
 * ```ts
 * forCaller(record, { kieCallback: "https://edge/callbacks/kie/abc", ref: "abc", callbackUrl: null })
 * ```
 */
export function forCaller<T>(value: T, view: CallerView): T {
  const text = JSON.stringify(value);
  // The reference is base64url: no spelling escapes its characters but \u-escapes and percent-encoding.
  if (!text.includes(view.ref) && !/%|\\\\u/.test(text)) return value;
  return clean(value, view) as T;
}

function clean(value: unknown, view: CallerView): unknown {
  if (typeof value === "string") return cleanText(value, view);
  if (Array.isArray(value)) return value.map((item) => clean(item, view));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (CALLBACK_FIELDS.has(key) && typeof field === "string" && mentions(field, view.ref)) {
      if (view.callbackUrl) out[key] = view.callbackUrl;
      continue;
    }
    out[key] = clean(field, view);
  }
  return out;
}

function cleanText(text: string, view: CallerView): string {
  const json = /^\s*[[{]/.test(text) ? parse(text) : undefined;
  if (json !== undefined) {
    const cleaned = clean(json, view);
    return JSON.stringify(cleaned) === JSON.stringify(json) ? text : JSON.stringify(cleaned);
  }
  if (!mentions(text, view.ref)) return text;
  const mine = view.callbackUrl ?? "";
  const replaced = text
    .split(view.kieCallback)
    .join(mine)
    .split(encodeURIComponent(view.kieCallback))
    .join(encodeURIComponent(mine))
    .split(view.ref)
    .join("");
  // Spelled some other way still (percent-encoded letters): nothing of it is worth the risk.
  return mentions(replaced, view.ref) ? "" : replaced;
}

function mentions(text: string, ref: string): boolean {
  if (text.includes(ref)) return true;
  if (!text.includes("%")) return false;
  try {
    return decodeURIComponent(text).includes(ref);
  } catch {
    return text.replace(/%([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))).includes(ref);
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The task id a kie.ai callback names: `task_id` or `taskId`, in `data` or at the top level (families differ:
 * Suno and Runway say `task_id`, the others `taskId`).
 *
 * @example
 * ```ts
 * callbackTaskId({ code: 200, data: { task_id: "abc" } }) // "abc"
 * ```
 */
export function callbackTaskId(body: unknown): string | undefined {
  const top = asObject(body);
  const data = asObject(top?.data);
  for (const place of [data, top]) {
    for (const key of ["task_id", "taskId"]) {
      const value = place?.[key];
      if (typeof value === "string" && value) return value;
    }
  }
  return undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
