import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";

/** The account coordinator's stub, as the Worker reaches it. */
export const coordinator = () => env.COORDINATOR.getByName("account");

let applied: string | undefined;

/**
 * Gives the coordinator the settings a test runs the Worker with. The coordinator reads its own environment (as
 * deployed, where it is the Worker's); a test's overrides reach it here, never through its calls.
 */
export async function coordinatorEnv(overrides?: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(overrides ?? {});
  // Bindings (a KV stand-in) cannot be compared as text: settings that hold one are applied every time.
  const plain = entries.every(([, value]) => typeof value !== "object" && typeof value !== "function");
  const key = plain ? JSON.stringify(entries) : undefined;
  if (key !== undefined && key === applied) return;
  applied = key;
  await runInDurableObject(coordinator(), (instance) => {
    (instance as unknown as { env: object }).env = { ...env, ...overrides };
  });
}

/** Forgets which settings the coordinator was given: the next test's are applied afresh. */
export function forgetCoordinatorEnv(): void {
  applied = undefined;
}
