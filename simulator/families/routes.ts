// Every per-family path of kie.ai, from the table: its endpoints and its record kinds.
import type { Hono } from "hono";
import type { TaskEngine } from "../lifecycle";
import type { SimulatorState } from "../state";
import { familyHandler } from "./create";
import { recordRoutes } from "./records";
import { ENDPOINT_TABLE } from "./table";

/**
 * Adds every endpoint of the table and every record path (the key is checked before them).
 *
 * @example
 * ```ts
 * familyRoutes(app, state, engine, Date.now)
 * ```
 */
export function familyRoutes(app: Hono, state: SimulatorState, engine: TaskEngine, now: () => number): void {
  for (const spec of ENDPOINT_TABLE) {
    const handler = familyHandler(spec, state, engine, now);
    if (spec.method === "GET") app.get(spec.path, handler);
    else app.post(spec.path, handler);
  }
  recordRoutes(app, state, engine, now);
}
