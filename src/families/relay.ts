import { textAt, valueAt, valuesAt } from "./read";
import type { KieRecord } from "./types";

// Pieces the families' callback shapes share: the failure code and message kie.ai reports, and fields picked out
// of a record by path (missing ones as kie.ai leaves them out: undefined, dropped by JSON).

/**
 * The code a failure callback carries: the record's own failure code when it is an HTTP-like code, else 501
 * ("generation failed" in kie.ai's tables).
 *
 * @example
 * ```ts
 * failCode({ errorCode: 400 }, "errorCode") // 400
 * ```
 */
export function failCode(record: KieRecord, field: string): number {
  const code = Number(textAt(record, field));
  return Number.isInteger(code) && code >= 400 && code < 600 ? code : 501;
}

/** The failure message at `field`, or kie.ai's generic one. */
export function failMsg(record: KieRecord, field: string): string {
  return textAt(record, field) || "generation failed";
}

/** The value at `path` (undefined when absent). */
export function at(record: KieRecord, path: string): unknown {
  return valueAt(record, path);
}

/** Every value at `path` (an array, empty when absent). */
export function all(record: KieRecord, path: string): unknown[] {
  return valuesAt(record, path);
}
