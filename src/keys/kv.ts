import * as z from "zod/mini";
import type { KeyFacts } from "./model";

/** The KV name of a verified key's entry: its secret's SHA-256, never the secret. */
export function keyEntryName(hash: string): string {
  return `key:v1:${hash}`;
}

// KV refuses an expirationTtl under 60 seconds; readers go by `validUntil`, which comes much sooner.
const KV_MIN_TTL_SECONDS = 60;

const credits = z.number().check(z.positive());
const Facts = z.object({
  id: z.string(),
  caller: z.string(),
  models: z.optional(z.array(z.string())),
  budgets: z.optional(z.object({ daily: z.optional(credits), monthly: z.optional(credits) })),
  tier: z.enum(["standard", "high"]),
  admin: z.boolean(),
  validUntil: z.number(),
});

/** Verified keys' entries in KV. Reads that fail or find something else are misses; writes may fail (logged). */
export interface KeyEntries {
  get(hash: string): Promise<KeyFacts | undefined>;
  put(hash: string, facts: KeyFacts, now: number): Promise<void>;
  delete(hash: string): Promise<void>;
}

/**
 * Workers KV as the shared level of verified keys. The coordinator alone writes; the Worker reads. An entry is
 * worth something only before its `validUntil`, which the reader checks — KV's own expiry is a clean-up.
 *
 * @example
 * ```ts
 * const facts = await keyEntries(env.STORE, (op) => console.warn({ msg: "kv_error", op })).get(hash)
 * ```
 */
export function keyEntries(kv: KVNamespace, onError: (op: "get" | "put" | "delete") => void): KeyEntries {
  return {
    async get(hash) {
      let raw: unknown;
      try {
        raw = await kv.get(keyEntryName(hash), "json");
      } catch {
        onError("get");
        return undefined;
      }
      const parsed = z.safeParse(Facts, raw);
      return parsed.success ? (parsed.data as KeyFacts) : undefined;
    },
    async put(hash, facts, now) {
      const ttl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil((facts.validUntil - now) / 1000));
      await kv.put(keyEntryName(hash), JSON.stringify(facts), { expirationTtl: ttl }).catch(() => onError("put"));
    },
    async delete(hash) {
      await kv.delete(keyEntryName(hash)).catch(() => onError("delete"));
    },
  };
}
