import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../config";
import { apiError } from "./envelope";
import type { AppEnv } from "./types";

/**
 * Puts the parsed config on the context, or answers 503 naming every setting that is missing or invalid (never a
 * value) and logs the same. The environment is parsed once per isolate.
 *
 * @example
 * ```ts
 * app.use("/api/*", requireConfig(), proxyAuth())
 * ```
 */
export function requireConfig(): MiddlewareHandler<AppEnv> {
  return async function requireConfig(c, next) {
    const result = loadConfig(c.env);
    if (!result.ok) {
      const msg = `kie-edge is misconfigured: ${result.problems.join("; ")}`;
      console.error({ level: "error", msg: "misconfigured", requestId: c.var.requestId, problems: result.problems });
      throw apiError(503, msg);
    }
    c.set("config", result.config);
    await next();
  };
}
