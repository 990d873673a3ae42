import { integer, oneOf } from "./fields";

/** How runtime caller keys (src/keys) are verified between coordinator calls. */
export interface KeySettings {
  /**
   * How long a verified key is trusted — by each isolate and in KV — before the coordinator is asked again: the
   * bound on how long a revoked key may still be accepted somewhere.
   */
  cacheMs: number;
  /** Whether verified keys are shared through KV (`key:v1:*`) as well as kept in each isolate. */
  kv: boolean;
}

/** The revocation bound the issue sets: a revoked key is refused everywhere within this. */
export const MAX_KEY_CACHE_SECONDS = 10;

/** The caller keys' settings, by environment name. */
export const keysShape = {
  KEY_CACHE_SECONDS: integer({ min: 1, max: MAX_KEY_CACHE_SECONDS, fallback: MAX_KEY_CACHE_SECONDS }),
  KEY_KV_CACHE: oneOf(["on", "off"], "on"),
};

type KeysEnv = { KEY_CACHE_SECONDS: number; KEY_KV_CACHE: "on" | "off" };

/** The parsed caller keys' settings. */
export function keysSettings(s: KeysEnv): KeySettings {
  return { cacheMs: s.KEY_CACHE_SECONDS * 1000, kv: s.KEY_KV_CACHE === "on" };
}
