import { Hono } from "hono/tiny";
import { version } from "../../package.json";
import { loadConfig } from "../config";
import type { AppEnv } from "../http/types";

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
  const result = loadConfig(c.env);
  if (result.ok) return c.json({ code: 200 as const, msg: "ok", data: { version, status: "ok" as const } }, 200);
  return c.json(
    {
      code: 503 as const,
      msg: "misconfigured",
      data: { version, status: "misconfigured" as const, problems: result.problems },
    },
    503,
  );
});
