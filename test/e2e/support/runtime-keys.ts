import { afterAll, expect } from "vitest";
import { TEST_TOKENS } from "../../support/fixtures";

/** The bootstrap admin a stack gets under `withRuntimeKeys`, to make the keys (a PROXY_TOKENS caller of its own). */
const KEYS_ADMIN = { name: "keys-admin", token: "keys-admin-token-0123456789abcdefghij" };
const CALLERS = new Map(Object.entries(TEST_TOKENS).map(([name, token]) => [token, name]));
let wanted = false;
let presented = 0;

/**
 * Runs a file's tests with every test caller presenting a runtime key of its own name instead of its PROXY_TOKENS
 * token: made through the API by a bootstrap admin, with no scope of its own, admin where CALLER_POLICIES makes the
 * caller admin, of the high tier where HIGH_LIMIT_CALLERS names it — so it must behave exactly as the token does.
 * The file fails if no key was presented.
 *
 * @example
 * ```ts
 * import "./ledger-budget.test"
 * withRuntimeKeys()
 * ```
 */
export function withRuntimeKeys(): void {
  wanted = true;
  afterAll(() => expect(presented, "no runtime key was presented").toBeGreaterThan(0));
}

/** The stack's vars, with the bootstrap admin added when keys are wanted. */
export function withKeyAdmin(vars: Record<string, string>): Record<string, string> {
  if (!wanted) return vars;
  const policies = JSON.parse(vars.CALLER_POLICIES || "{}") as Record<string, unknown>;
  return {
    ...vars,
    PROXY_TOKENS: `${vars.PROXY_TOKENS},${KEYS_ADMIN.name}:${KEYS_ADMIN.token}`,
    CALLER_POLICIES: JSON.stringify({ ...policies, [KEYS_ADMIN.name]: { admin: true } }),
  };
}

/**
 * What a stack sends for `token` (its own, or under `withRuntimeKeys` its caller's key, made once per stack).
 *
 * @example
 * ```ts
 * const present = keySwap(url, vars); await fetch(url, { headers: { Authorization: `Bearer ${await present(token)}` } })
 * ```
 */
export function keySwap(url: string, vars: Record<string, string>): (token: string) => Promise<string> {
  const made = new Map<string, Promise<string>>();
  const policies = JSON.parse(vars.CALLER_POLICIES || "{}") as Record<string, { admin?: boolean }>;
  const high = (vars.HIGH_LIMIT_CALLERS ?? "").split(",").map((name) => name.trim());
  return async (token) => {
    const caller = CALLERS.get(token);
    if (!wanted || caller === undefined) return token;
    presented++;
    let key = made.get(caller);
    if (!key) {
      const body = {
        caller,
        admin: policies[caller]?.admin === true,
        tier: high.includes(caller) ? "high" : "standard",
      };
      key = fetch(`${url}/api/v1/keys`, {
        method: "POST",
        headers: { Authorization: `Bearer ${KEYS_ADMIN.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (res) => {
        const answer = (await res.json()) as { msg: string; data: { key: string } | null };
        if (!answer.data) throw new Error(`POST /api/v1/keys answered ${res.status}: ${answer.msg}`);
        return answer.data.key;
      });
      made.set(caller, key);
    }
    return key;
  };
}
