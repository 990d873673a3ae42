import type { KieRecord, Phase, RecordKind, StateRule } from "./types";

/**
 * The values at `path` in `value`: dot-separated keys, `[]` after a key to step into each element of an array.
 * A JSON string met on the way is read as what it encodes (kie.ai sends `resultJson` and `paramJson` as strings).
 *
 * @example
 * ```ts
 * valuesAt({ resultJson: '{"resultUrls":["https://a/1.png"]}' }, "resultJson.resultUrls[]") // ["https://a/1.png"]
 * ```
 */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const step of path.split(".")) {
    const many = step.endsWith("[]");
    const key = many ? step.slice(0, -2) : step;
    current = current.flatMap((item) => {
      const next = objectOf(item)?.[key];
      // A field kie.ai sends as null is there, as null (relays keep it); only a missing one is nothing.
      if (!many) return next === undefined ? [] : [next];
      const list = arrayOf(next);
      return list ?? [];
    });
  }
  return current;
}

/** The first value at `path`, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  return valuesAt(value, path)[0];
}

/** The first string at `path`, or "". */
export function textAt(value: unknown, path: string): string {
  const found = valueAt(value, path);
  return typeof found === "string" ? found : typeof found === "number" ? String(found) : "";
}

/** What a record says of its task: a phase (and a partial stage), or the field that was not as documented. */
export type ReadState = { phase: Phase; stage?: string } | { unexpected: string };

/**
 * Where the task of a `kind` record stands. A state field missing, or holding a value the family never documents,
 * is `unexpected` (named), never guessed.
 *
 * @example
 * ```ts
 * readState(VEO, { successFlag: 1 }) // { phase: "success" }
 * ```
 */
export function readState(kind: RecordKind, record: KieRecord): ReadState {
  const rule: StateRule = kind.state;
  const raw = valueAt(record, rule.field);
  if (typeof raw !== "string" && typeof raw !== "number") return { unexpected: rule.field };
  const value = String(raw);
  const is = (list: readonly (string | number)[]) => list.some((v) => String(v) === value);
  if (rule.ambiguous && String(rule.ambiguous.value) === value) {
    const failed = rule.ambiguous.failedWhen.some((field) => textAt(record, field) !== "");
    return { phase: failed ? "fail" : "running" };
  }
  const stage = rule.stages?.[value];
  if (stage) return { phase: "running", stage };
  if (is(rule.success)) return { phase: "success" };
  if (is(rule.fail)) return { phase: "fail" };
  if (is(rule.running)) return { phase: "running" };
  return { unexpected: rule.field };
}

/**
 * The result file URLs of a record (every path of its kind, duplicates once), as kie.ai gave them.
 *
 * @example
 * ```ts
 * resultUrls(SUNO_MUSIC, record) // ["https://tempfile.aiquickdraw.com/…/a.mp3", "https://…/b.mp3"]
 * ```
 */
export function resultUrls(kind: RecordKind, record: KieRecord): string[] {
  const urls = kind.results.flatMap((path) => valuesAt(record, path)).filter((v): v is string => isUrl(v));
  return [...new Set(urls)];
}

/**
 * The credits a record or answer reports at `fields` (a number, or a numeric string), or undefined.
 *
 * @example
 * ```ts
 * creditsAt({ creditsConsumed: "12" }, ["creditsConsumed"]) // 12
 * ```
 */
export function creditsAt(record: unknown, fields: readonly string[] | undefined): number | undefined {
  for (const field of fields ?? []) {
    const value = valueAt(record, field);
    const n = typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof n === "number" && Number.isFinite(n) && n >= 0) return n;
  }
  return undefined;
}

function isUrl(value: unknown): value is string {
  return typeof value === "string" && /^https?:\/\//.test(value);
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === "string" && value.startsWith("{") ? parse(value) : value;
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

function arrayOf(value: unknown): unknown[] | undefined {
  const parsed = typeof value === "string" && value.startsWith("[") ? parse(value) : value;
  return Array.isArray(parsed) ? parsed : undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
