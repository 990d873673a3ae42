import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect } from "vitest";
import { coordinator } from "./coordinator";
import { TEST_TOKENS } from "./fixtures";

const CALLERS = new Map(Object.entries(TEST_TOKENS).map(([name, token]) => [token, name]));
let swapping = false;
const made = new Map<string, Promise<string>>();

/**
 * Runs a file's tests with every test caller presenting a runtime key of its own name instead of its PROXY_TOKENS
 * token: a key made by the coordinator with no scope of its own, admin where the request's CALLER_POLICIES makes the
 * caller admin, of the high tier where HIGH_LIMIT_CALLERS names it — so it must behave exactly as the token does.
 * Each test must have presented at least one key, or it fails.
 *
 * @example
 * ```ts
 * import "./budget-refusal.test"
 * withRuntimeKeys()
 * ```
 */
export function withRuntimeKeys(): void {
  beforeEach(() => {
    swapping = true;
  });
  afterEach(() => {
    swapping = false;
    const presented = made.size;
    made.clear();
    expect(presented, "the test presented no runtime key").toBeGreaterThan(0);
  });
}

/** The bearer token a test request carries: its own, or (under `withRuntimeKeys`) its caller's runtime key. */
export async function presentedToken(
  token: string | null,
  overrides?: Record<string, unknown>,
): Promise<string | null> {
  const caller = token === null ? undefined : CALLERS.get(token);
  if (!swapping || caller === undefined) return token;
  const vars = { ...env, ...overrides } as Record<string, unknown>;
  const policies = JSON.parse(String(vars.CALLER_POLICIES || "{}")) as Record<string, { admin?: boolean }>;
  const admin = policies[caller]?.admin === true;
  const high = String(vars.HIGH_LIMIT_CALLERS ?? "")
    .split(",")
    .some((name) => name.trim() === caller);
  const which = `${caller} ${admin} ${high}`;
  let key = made.get(which);
  if (!key) {
    const input = { caller, admin, tier: high ? ("high" as const) : ("standard" as const) };
    key = coordinator()
      .createKey(input, { name: "test via PROXY_TOKENS", requestId: "test" })
      .then((created) => created.key);
    made.set(which, key);
  }
  return key;
}
