import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Coordinator } from "../../src/coordinator";
import type { CreatedKey, KeyFacts } from "../../src/keys";
import { keyEntryName } from "../../src/keys";
import { sha256Hex } from "../../src/net";
import { coordinator } from "./coordinator";
import { type Ask, ask } from "./gateway";

/** Alice manages keys (an admin CALLER_POLICIES entry); bob does not. */
export const ADMIN_ENV = { CALLER_POLICIES: JSON.stringify({ alice: { admin: true } }) };

/** `POST /api/v1/keys` as alice (an admin under `ADMIN_ENV`) unless told otherwise. */
export function createKey(json: Record<string, unknown>, options: Ask = {}) {
  return ask("/api/v1/keys", { method: "POST", json, env: ADMIN_ENV, ...options });
}

/** A new key made through the API by alice as an admin; its answer (the secret in `key`). */
export async function newKey(json: Record<string, unknown>, options: Ask = {}): Promise<CreatedKey> {
  const { res, body } = await createKey(json, options);
  if (res.status !== 200) throw new Error(`POST /api/v1/keys answered ${res.status}: ${body.msg}`);
  return body.data as CreatedKey;
}

/** `POST /api/v1/keys/{id}/{action}` as alice, an admin. */
export function changeKey(
  id: string,
  action: "rotate" | "revoke",
  json: Record<string, unknown> = {},
  options: Ask = {},
) {
  return ask(`/api/v1/keys/${id}/${action}`, { method: "POST", json, env: ADMIN_ENV, ...options });
}

/** The balance, asked with `token`: a call any caller may make, to see whether a key is admitted. */
export function credit(token: string, options: Ask = {}) {
  return ask("/api/v1/chat/credit", { token, ...options });
}

/** What KV holds for a key's secret (as the coordinator wrote it), after the coordinator's writes settled. */
export async function kvEntry(key: string): Promise<KeyFacts | null> {
  await runInDurableObject(coordinator(), (instance: Coordinator) => instance.idle());
  return env.STORE.get<KeyFacts>(keyEntryName(await sha256Hex(key)), "json");
}

/** Runs SQL in the coordinator's database: to move a key's times where a test needs them. */
export async function sql(query: string, ...args: (string | number | null)[]): Promise<unknown[]> {
  return runInDurableObject(coordinator(), (_, state) => state.storage.sql.exec(query, ...args).toArray());
}
