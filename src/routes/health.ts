import { Hono } from "hono/tiny";
import { version } from "../../package.json";
import { type AppEnv, envelope } from "../http";

/**
 * `GET /healthz`, no token: the version, and whether the configuration is usable. A misconfigured deploy answers
 * 503 `misconfigured` with the problems (setting names, never values) so a deploy check catches it. Never calls
 * kie.ai.
 *
 * @example
 * ```sh
 * curl -s https://kie-edge.example.workers.dev/healthz
 * # {"code":200,"msg":"ok","data":{"version":"0.1.0","status":"ok"}}
 * ```
 */
export const health = new Hono<AppEnv>().get("/", (c) => {
  const result = c.get("configResult");
  if (result.ok) return envelope(c, 200, "ok", { version, status: "ok" as const });
  return envelope(c, 503, "misconfigured", { version, status: "misconfigured" as const, problems: result.problems });
});
