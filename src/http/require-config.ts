import type { MiddlewareHandler } from "hono";
import { apiError } from "./envelope";
import type { AppEnv } from "./types";

/**
 * Lets a request through only when the settings are usable; otherwise answers 503 naming every setting that is
 * missing or invalid (never a value), and logs the same.
 *
 * @example
 * ```ts
 * app.use("/api/*", requireConfig(), proxyAuth())
 * ```
 */
export function requireConfig(): MiddlewareHandler<AppEnv> {
  return async function requireConfig(c, next) {
    const result = c.get("configResult");
    if (!result.ok) {
      const msg = `kie-edge is misconfigured: ${result.problems.join("; ")}`;
      console.error({ level: "error", msg: "misconfigured", requestId: c.get("requestId"), problems: result.problems });
      throw apiError(503, msg);
    }
    await next();
  };
}
