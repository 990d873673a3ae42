// The simulator's remote control, for drivers in another process (e2e suites, `npm start` users): `/__sim/*`.
import type { Hono } from "hono";
import type { Endpoint, FaultRule, FileFault, SimulatorState } from "./state";

/**
 * Adds the `/__sim` routes that read and steer `state`; `reset` puts it back as new.
 *
 * @example
 * ```ts
 * adminRoutes(app, state, reset)
 * ```
 */
export function adminRoutes(app: Hono, state: SimulatorState, reset: () => void): void {
  const steer = (path: string, apply: (body: never) => void) =>
    app.post(`/__sim/${path}`, async (c) => {
      apply((await c.req.json().catch(() => ({}))) as never);
      return c.json(state);
    });
  app.get("/__sim/state", (c) => c.json(state));
  steer("balance", (body: { balance: number }) => {
    state.balance = Number(body.balance);
  });
  steer("faults", (rule: FaultRule) => {
    state.rules.push(rule);
  });
  steer("delay", ({ endpoint, ms }: { endpoint: Endpoint; ms: number }) => {
    for (const key of Object.keys(state.delayMs) as Exclude<Endpoint, "*">[]) {
      if (endpoint === "*" || endpoint === key) state.delayMs[key] = ms;
    }
  });
  steer("files", ({ path, size }: { path: string; size: number }) => {
    state.fileSizes[path] = size;
  });
  steer("link-origin", ({ origin }: { origin?: string }) => {
    state.linkOrigin = origin;
  });
  steer("file-fault", ({ fault }: { fault?: FileFault }) => {
    state.fileFault = fault;
  });
  steer("revoke", () => {
    state.revokedThrough = state.linksIssued;
  });
  steer("reset", () => reset());
}
