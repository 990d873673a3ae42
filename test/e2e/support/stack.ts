import { afterAll, beforeAll } from "vitest";
import { startWranglerDev, type WranglerDev } from "../../../scripts/lib/wrangler-dev";
import { type ServedSimulator, serveSimulator } from "../../../simulator/serve";
import { TEST_KIE_KEY, TEST_PROXY_TOKENS, TEST_TOKENS } from "../../support/fixtures";
import { keySwap, withKeyAdmin } from "./runtime-keys";

/** The simulator and a real `wrangler dev` pointed at it, for one test file. */
export interface Stack {
  sim: ServedSimulator;
  dev: WranglerDev;
  /** Sends a request to the gateway with alice's token unless told otherwise. */
  ask(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
}

/**
 * Boots the stack before the file's tests and stops it after. `vars` add to or override the worker's settings (a
 * function is read at boot, after other `beforeAll` hooks have run); `args` go to `wrangler dev`.
 *
 * @example
 * ```ts
 * const stack = useStack({ UPSTREAM_BACKOFF_MS: "1" })
 * it("works", async () => expect((await stack.ask("/healthz")).status).toBe(200))
 * ```
 */
export function useStack(
  vars: Record<string, string> | (() => Record<string, string>) = {},
  options: { args?: string[]; rateLimit?: number; main?: string } = {},
): Stack {
  const stack = {} as Stack;
  beforeAll(async () => {
    stack.sim = await serveSimulator({ apiKey: TEST_KIE_KEY });
    const settings = withKeyAdmin({
      KIE_API_KEY: TEST_KIE_KEY,
      PROXY_TOKENS: TEST_PROXY_TOKENS,
      KIE_BASE_URL: stack.sim.url,
      // Balances moved by hand, with no task behind them, are unattributed spend; suites of that alert turn it on.
      UNATTRIBUTED_SPEND_ALERT: "off",
      // Archiving copies every result file in the background (kie.ai calls, file fetches); its suites turn it on.
      ARCHIVING: "off",
      ...(typeof vars === "function" ? vars() : vars),
    });
    stack.dev = await startWranglerDev({
      vars: settings,
      args: options.args,
      variant: options.rateLimit || options.main ? { rateLimit: options.rateLimit, main: options.main } : undefined,
    });
    const present = keySwap(stack.dev.url, settings);
    stack.ask = async (path, { token = TEST_TOKENS.alice, ...init } = {}) => {
      const headers = new Headers(init.headers);
      if (token !== null) headers.set("Authorization", `Bearer ${await present(token)}`);
      return fetch(`${stack.dev.url}${path}`, { ...init, headers });
    };
  });
  afterAll(async () => {
    await stack.dev?.stop();
    await stack.sim?.close();
  });
  return stack;
}

/** JSON POST init. */
export function postJson(body: unknown): RequestInit {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}
