// The one table of kie.ai's per-family endpoints (declared per family beside this file), and what the simulator
// looks up in it: an endpoint by path, what a call of a path counts as, and a task's price.
import type { SimulatorState } from "../state";
import { RECORD_KINDS } from "./kinds";
import { MEDIA_ENDPOINTS } from "./table-media";
import { SUNO_ENDPOINTS } from "./table-suno";
import { VEO_ENDPOINTS } from "./table-veo";
import type { EndpointSpec, FamilyName } from "./types";

export const ENDPOINT_TABLE: readonly EndpointSpec[] = [...VEO_ENDPOINTS, ...SUNO_ENDPOINTS, ...MEDIA_ENDPOINTS];

const BY_PATH = new Map(ENDPOINT_TABLE.map((spec) => [spec.path, spec]));

/**
 * The endpoint at `path`, if the table has one.
 *
 * @example
 * ```ts
 * specAt("/api/v1/veo/generate")?.family // "veo"
 * ```
 */
export function specAt(path: string): EndpointSpec | undefined {
  return BY_PATH.get(path);
}

/** What a call of a per-family path is: its family, and whether it starts a generation or polls a record. */
export interface FamilyRoute {
  family: FamilyName;
  counts?: "create" | "record";
}

const ROUTES = new Map<string, FamilyRoute>([
  ...ENDPOINT_TABLE.map((s): [string, FamilyRoute] => [
    s.path,
    { family: s.family, ...(s.kind !== "read" && { counts: "create" as const }) },
  ]),
  ...Object.values(RECORD_KINDS).map((k): [string, FamilyRoute] => [k.path, { family: k.family, counts: "record" }]),
]);

/**
 * What a call of `path` counts as, when it is a per-family path.
 *
 * @example
 * ```ts
 * familyRoute("/api/v1/generate/record-info") // { family: "suno", counts: "record" }
 * ```
 */
export function familyRoute(path: string): FamilyRoute | undefined {
  return ROUTES.get(path);
}

/**
 * The price of what `body` asks of `spec`: `prices["<family>/<model or priced field>"]`, else
 * `prices["<family>/<operation>"]`, else `prices["*"]`.
 *
 * @example
 * ```ts
 * priceOf(state, specAt("/api/v1/veo/generate"), { prompt: "a cat" }) // prices["veo/veo3_fast"] ?? …
 * ```
 */
export function priceOf(state: SimulatorState, spec: EndpointSpec, body: Record<string, unknown>): number {
  const prices = state.taskSettings.prices;
  const by = spec.priceBy ?? spec.model;
  const value = by ? (body[by.field] ?? by.default) : undefined;
  const keys = [value === undefined ? undefined : `${spec.family}/${value}`, `${spec.family}/${spec.operation}`, "*"];
  const key = keys.find((k) => k !== undefined && Object.hasOwn(prices, k));
  return key === undefined ? 1 : (prices[key] as number);
}
