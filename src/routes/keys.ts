import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { Hono } from "hono/tiny";
import { validator } from "hono/validator";
import * as z from "zod/mini";
import { KeyCreateBody, KeyRevokeBody, KeyRotateBody } from "../api";
import { keyRefused } from "../auth";
import { CALLER_NAME } from "../config";
import { type AppEnv, apiError, jsonBody, limitBody, success } from "../http";
import { KEY_ID, type KeyActor, type KeyInput, type KeyState } from "../keys";

/** A key's body is a few fields; a list of 100 model patterns fits well within this. */
const MAX_BODY_BYTES = 16 * 1024;
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const STATES: readonly KeyState[] = ["active", "expired", "revoked"];

// Every change to keys is an admin's: an admin CALLER_POLICIES entry, or a key created admin.
const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("policy").admin) {
    throw apiError(
      403,
      `caller '${c.get("caller")}' may not manage keys: only an admin may (an admin CALLER_POLICIES entry, or a key created admin)`,
    );
  }
  await next();
});

// Who made a change, as the audit log names them: the caller, and the credential it used (never a secret).
function actorOf(c: Context<AppEnv>): KeyActor {
  return { name: `${c.get("caller")} via ${c.get("keyId") ?? "PROXY_TOKENS"}`, requestId: c.get("requestId") };
}

function keyIdOf(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!KEY_ID.test(id)) throw keyRefused({ reason: "no-such-key", msg: "no key with this id" });
  return id;
}

// A new key's fields, checked against the clock too: an expiry must be in the future.
function keyInput(body: z.output<typeof KeyCreateBody>): KeyInput {
  const expiresAt = body.expiresAt === undefined ? undefined : Date.parse(body.expiresAt);
  if (expiresAt !== undefined && expiresAt <= Date.now()) throw apiError(422, "expiresAt must be in the future");
  return {
    caller: body.caller,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(body.note !== undefined ? { note: body.note } : {}),
    ...(body.models ? { models: body.models } : {}),
    ...(body.budgets && (body.budgets.daily !== undefined || body.budgets.monthly !== undefined)
      ? { budgets: body.budgets }
      : {}),
    ...(body.tier ? { tier: body.tier } : {}),
    ...(body.admin !== undefined ? { admin: body.admin } : {}),
  };
}

// A body that may be left out (rotate, revoke): none at all reads as {}; one sent must be JSON.
function optionalJson<S extends z.ZodMiniType>(schema: S) {
  const middleware = validator("json", (value, c: Context<AppEnv>) => {
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
    const sent = type !== "" || (c.req.header("Content-Length") ?? "0") !== "0";
    if (sent && !JSON_TYPE.test(type)) throw apiError(415, "send the body as JSON with Content-Type: application/json");
    const parsed = z.safeParse(schema, value);
    if (!parsed.success) throw apiError(422, parsed.error.issues[0]?.message ?? "invalid body");
    return parsed.data;
  });
  return middleware as unknown as MiddlewareHandler<
    AppEnv,
    string,
    { in: { json: z.input<S> }; out: { json: z.output<S> } }
  >;
}

type ListQuery = { caller?: string; state?: string; limit?: string };
type AuditQuery = { keyId?: string; limit?: string };

function whole(raw: string | undefined, name: string, max: number, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  if (n < 1 || n > max) throw apiError(422, `${name} must be a whole number from 1 to ${max}`);
  return n;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const listQuery = validator("query", (query): ListQuery => {
  const sent = { caller: one(query.caller), state: one(query.state), limit: one(query.limit) };
  if (sent.caller !== undefined && !CALLER_NAME.test(sent.caller)) {
    throw apiError(422, "caller must be a caller name: 1–64 of A-Z a-z 0-9 _ . -");
  }
  if (sent.state !== undefined && !(STATES as readonly string[]).includes(sent.state)) {
    throw apiError(422, "state must be active, expired or revoked");
  }
  whole(sent.limit, "limit", 10_000, 1000);
  return sent;
});

const auditQuery = validator("query", (query): AuditQuery => {
  const sent = { keyId: one(query.keyId), limit: one(query.limit) };
  if (sent.keyId !== undefined && !KEY_ID.test(sent.keyId)) throw apiError(422, "keyId must be a key id (key_…)");
  whole(sent.limit, "limit", 1000, 200);
  return sent;
});

/**
 * Caller keys at runtime (token auth; changes by admins only, each in the audit log):
 * - `POST /api/v1/keys` `{caller, expiresAt?, note?, models?, budgets?: {daily?, monthly?}, tier?, admin?}`: a new
 *   key; its secret (`key`) is in this answer and never again;
 * - `GET /api/v1/keys?caller=&state=&limit=`: keys, never a secret — an admin sees all, a caller its own;
 * - `POST /api/v1/keys/{id}/rotate` `{graceSeconds?}` (0–604800, default 0): a new secret, the old one accepted
 *   until `graceUntil`;
 * - `POST /api/v1/keys/{id}/revoke` `{reason?}`: refused everywhere within KEY_CACHE_SECONDS (≤ 10 s);
 * - `GET /api/v1/keys/audit?keyId=&limit=`: who changed which key, when, from which request.
 *
 * @example
 * ```sh
 * curl -s -H "Authorization: Bearer $KIE_EDGE_ADMIN_TOKEN" -H "Content-Type: application/json" \
 *   -d '{"caller":"dana","expiresAt":"2027-01-31T00:00:00Z","models":["veo/*"],"budgets":{"daily":200}}' \
 *   https://kie-edge.example.workers.dev/api/v1/keys
 * # {"code":200,"msg":"success","data":{"id":"key_…","key":"ke_…","prefix":"ke_Xy12ab34",…}}
 * ```
 */
export const keys = new Hono<AppEnv>()
  .get("/", listQuery, async (c) => {
    const query = c.req.valid("query");
    const caller = c.get("caller");
    const admin = c.get("policy").admin;
    if (!admin && query.caller !== undefined && query.caller !== caller) {
      throw apiError(403, `caller '${caller}' may read only its own keys`);
    }
    const found = await c.get("services").coordinator.listKeys({
      ...(admin ? (query.caller !== undefined ? { caller: query.caller } : {}) : { caller }),
      ...(query.state !== undefined ? { state: query.state as KeyState } : {}),
      limit: whole(query.limit, "limit", 10_000, 1000),
    });
    return success(c, { keys: found, you: { caller, keyId: c.get("keyId") ?? null, admin } });
  })
  .post("/", adminOnly, limitBody(MAX_BODY_BYTES), jsonBody(KeyCreateBody, keyInput), async (c) => {
    const created = await c.get("services").coordinator.createKey(c.req.valid("json"), actorOf(c));
    c.header("Cache-Control", "no-store");
    return success(c, created);
  })
  .get("/audit", adminOnly, auditQuery, async (c) => {
    const query = c.req.valid("query");
    const entries = await c.get("services").coordinator.keyAudit({
      ...(query.keyId !== undefined ? { keyId: query.keyId } : {}),
      limit: whole(query.limit, "limit", 1000, 200),
    });
    return success(c, { entries });
  })
  .post("/:id/rotate", adminOnly, limitBody(MAX_BODY_BYTES), optionalJson(KeyRotateBody), async (c) => {
    const id = keyIdOf(c);
    const { graceSeconds } = c.req.valid("json");
    const outcome = await c.get("services").coordinator.rotateKey(id, graceSeconds ?? 0, actorOf(c));
    if (!outcome.ok) throw keyRefused(outcome.refusal);
    c.get("services").keys.memory.forgetKey(id);
    c.header("Cache-Control", "no-store");
    return success(c, outcome.value);
  })
  .post("/:id/revoke", adminOnly, limitBody(MAX_BODY_BYTES), optionalJson(KeyRevokeBody), async (c) => {
    const id = keyIdOf(c);
    const { reason } = c.req.valid("json");
    const outcome = await c.get("services").coordinator.revokeKey(id, reason, actorOf(c));
    if (!outcome.ok) throw keyRefused(outcome.refusal);
    // This isolate refuses it at once; every other within KEY_CACHE_SECONDS.
    c.get("services").keys.memory.forgetKey(id);
    return success(c, outcome.value);
  });
