// The record-shape fault: a record answered with code 200 whose state field is gone, or holds a value kie.ai never
// documents — so a gateway can be held to answering 502 rather than guessing.
import type { SimulatorState } from "../state";

/**
 * Applies the record-shape fault armed for any of `names` (a record kind, a family): the state `fields` removed, or
 * set to a value kie.ai never documents (9 for a number, "UNDOCUMENTED" for a string).
 *
 * @example
 * ```ts
 * garble(state, ["jobs"], ["state"], data)
 * ```
 */
export function garble(
  state: SimulatorState,
  names: string[],
  fields: readonly string[],
  data: Record<string, unknown>,
): void {
  const faults = state.familySettings.recordFault;
  const name = names.find((n) => Object.hasOwn(faults, n));
  if (name === undefined) return;
  for (const field of fields) {
    if (faults[name] === "missing-state") delete data[field];
    else data[field] = typeof data[field] === "number" ? 9 : "UNDOCUMENTED";
  }
}
