import { Hono } from "hono/tiny";
import { RECORD_KINDS, textAt } from "../families";
import { type AppEnv, apiError, envelope, limitBody, refusedWith, requireConfig, success } from "../http";
import { CALLBACK_REF } from "../net";
import { callbackTaskId, callerSecret, verifyKieSignature } from "../tasks";

/** kie.ai's callbacks are a task's record and a few fields: small. */
const MAX_CALLBACK_BYTES = 1024 * 1024;
const UNKNOWN_REF = "no task has this callback reference";
// Where the families' callbacks say their stage (Suno's `data.callbackType`); the task's own kind decides.
const STAGE_PATHS = [...new Set(RECORD_KINDS.flatMap((kind) => (kind.callbackStage ? [kind.callbackStage] : [])))];

/**
 * `POST /callbacks/kie/<ref>`: kie.ai's callback for a task kie-edge created (no bearer token; kie.ai calls it).
 * Signed when `KIE_WEBHOOK_HMAC_KEY` is set (timestamp within ±300 s, signature over `taskId.timestamp`), else
 * the unguessable `<ref>` is the only proof. The task the body names must be the reference's. Answered at once;
 * the outcome is then confirmed with recordInfo (the signature does not cover the body) and relayed, once.
 *
 * @example
 * ```sh
 * # kie.ai posts here; nothing for callers to do
 * ```
 */
export const kieCallbacks = new Hono<AppEnv>().post(
  "/:ref",
  requireConfig(),
  limitBody(MAX_CALLBACK_BYTES),
  async (c) => {
    const ref = c.req.param("ref");
    if (!CALLBACK_REF.test(ref)) throw apiError(404, UNKNOWN_REF);
    const body = await c.req.json().catch(() => undefined);
    const taskId = callbackTaskId(body);
    if (!taskId) throw apiError(400, "the callback names no taskId (taskId or task_id, in data or at the top)");
    const key = c.get("config").tasks.kieHmacKey;
    if (key) {
      const problem = await verifyKieSignature(
        key,
        taskId,
        c.req.header("X-Webhook-Timestamp"),
        c.req.header("X-Webhook-Signature"),
        Date.now(),
      );
      if (problem) throw apiError(401, problem);
    }
    const stage = STAGE_PATHS.map((path) => textAt(body, path)).find(Boolean);
    const outcome = await c.get("services").coordinator.kieCallback(ref, taskId, stage);
    if (!outcome.ok) throw refusedWith(outcome.refusal);
    return envelope(c, 200, outcome.msg, null);
  },
);

/**
 * `GET /api/v1/callbacks/secret`: the caller's own relay signing secret (`whsec_…`), derived from
 * `CALLBACK_SIGNING_KEY` and the caller's name. Verify relays to your callBackUrl with it, either as Standard
 * Webhooks (`webhook-signature`) or with kie.ai's scheme (`X-Webhook-Signature`, keyed by its decoded bytes).
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_TOKEN" https://kie-edge.example.workers.dev/api/v1/callbacks/secret
 * # {"code":200,"msg":"success","data":{"secret":"whsec_…"}}
 * ```
 */
export const callbackSecret = new Hono<AppEnv>().get("/secret", async (c) => {
  const root = c.get("config").tasks.callbackKey;
  if (!root)
    throw apiError(503, "kie-edge is misconfigured: CALLBACK_SIGNING_KEY is not set, so relays are not signed");
  c.header("Cache-Control", "no-store");
  const { secret } = await callerSecret(root, c.get("caller"));
  return success(c, { secret });
});
