import { Hono } from "hono/tiny";
import { type AppEnv, guardUpstream, noteAttempts, success } from "../http";

/**
 * `GET /api/v1/chat/credit`: the live balance from kie.ai, fractional balances passed through exactly.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" https://kie-edge.example.workers.dev/api/v1/chat/credit
 * # {"code":200,"msg":"success","data":5780.03}
 * ```
 */
export const credit = new Hono<AppEnv>().get("/credit", async (c) => {
  const { data, attempts } = await guardUpstream(c, c.get("services").kie.credit());
  noteAttempts(c, attempts);
  return success(c, data);
});
