import type { CallerPolicy } from "../config";
import type { KeyEntries } from "./kv";
import type { KeyFacts, KeyRefusal, KeyVerdict } from "./model";
import { keyPolicy } from "./scope";
import { wellFormed } from "./secret";

/** A verified key as an isolate keeps it: its facts, and the policy they make with the caller's, once worked out. */
export interface HeldKey {
  facts: KeyFacts;
  policy?: { base: CallerPolicy | undefined; value: CallerPolicy };
}

/**
 * Verified keys kept in an isolate's memory, by their secret's hash, each only until its `validUntil`; at most
 * `capacity` of them (the oldest go first). Refusals are never kept.
 *
 * @example
 * ```ts
 * const memory = new VerifiedKeys(10_000)
 * memory.get(hash, Date.now())?.facts.caller
 * ```
 */
export class VerifiedKeys {
  readonly #held = new Map<string, HeldKey>();

  constructor(public capacity: number) {}

  /** The key held for `hash`, if it is still valid at `now` (one past its time is dropped). */
  get(hash: string, now: number): HeldKey | undefined {
    const held = this.#held.get(hash);
    if (held && now >= held.facts.validUntil) {
      this.#held.delete(hash);
      return undefined;
    }
    return held;
  }

  set(hash: string, facts: KeyFacts): HeldKey {
    this.#held.delete(hash);
    while (this.#held.size >= this.capacity) {
      const oldest = this.#held.keys().next();
      if (oldest.done) break;
      this.#held.delete(oldest.value);
    }
    const held = { facts };
    if (this.capacity > 0) this.#held.set(hash, held);
    return held;
  }

  /** Forgets every secret of a key (rotated or revoked through this isolate): the next use asks again. */
  forgetKey(id: string): void {
    for (const [hash, held] of this.#held) if (held.facts.id === id) this.#held.delete(hash);
  }

  get size(): number {
    return this.#held.size;
  }

  clear(): void {
    this.#held.clear();
  }
}

/** Where a presented key is looked up, nearest first. */
export interface KeyLevels {
  memory: VerifiedKeys;
  /** Absent when `KEY_KV_CACHE=off`. */
  kv?: KeyEntries;
  /** The coordinator's verdict on the hash; it writes the KV entry itself. */
  ask: (hash: string) => Promise<KeyVerdict>;
  now: () => number;
}

export type Presented =
  | { ok: true; held: HeldKey; level: "memory" | "kv" | "coordinator" }
  | { ok: false; refusal: KeyRefusal };

/**
 * The verdict on a presented key (`hash` is its SHA-256): the isolate's memory; malformed keys are refused here;
 * then KV — memory and KV each only before the entry's `validUntil` —; else the coordinator, whose verdict — a refusal
 * included — is final for this request, and whose approval the isolate keeps until its `validUntil`.
 *
 * @example
 * ```ts
 * const presented = await verifyPresented(token, await sha256Hex(token), levels)
 * ```
 */
export async function verifyPresented(token: string, hash: string, levels: KeyLevels): Promise<Presented> {
  // A hash the memory holds is a verified key's, so well formed: the check digits are worked out only on a miss.
  const held = levels.memory.get(hash, levels.now());
  if (held) return { ok: true, held, level: "memory" };
  if (!wellFormed(token)) {
    return {
      ok: false,
      refusal: {
        reason: "malformed-key",
        msg: "malformed kie-edge key: a key is ke_ and 49 more characters, exactly as it was issued",
      },
    };
  }
  if (levels.kv) {
    const facts = await levels.kv.get(hash);
    if (facts && levels.now() < facts.validUntil)
      return { ok: true, held: levels.memory.set(hash, facts), level: "kv" };
  }
  const verdict = await levels.ask(hash);
  if (!verdict.ok) return verdict;
  return { ok: true, held: levels.memory.set(hash, verdict.facts), level: "coordinator" };
}

/**
 * The policy of a request made with a held key: its scope narrowing its caller's `CALLER_POLICIES` entry (see
 * `keyPolicy`), worked out once per held key and policy.
 *
 * @example
 * ```ts
 * c.set("policy", policyOf(held, config.tasks.policies[held.facts.caller]))
 * ```
 */
export function policyOf(held: HeldKey, base: CallerPolicy | undefined): CallerPolicy {
  const kept = held.policy;
  if (kept && kept.base === base) return kept.value;
  const value = keyPolicy(held.facts, base);
  held.policy = { base, value };
  return value;
}
