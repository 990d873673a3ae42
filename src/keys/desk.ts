import type { Budget, KeySettings } from "../config";
import { sha256Hex } from "../net";
import type { KeyEntries } from "./kv";
import type {
  AuditEntry,
  AuditFilter,
  CreatedKey,
  KeyActor,
  KeyCaller,
  KeyFacts,
  KeyFilter,
  KeyInput,
  KeyOutcome,
  KeyRefusal,
  KeyState,
  KeyVerdict,
  KeyView,
  RevokedKey,
  RotatedKey,
} from "./model";
import { displayPrefix, newKeyId, newKeySecret } from "./secret";
import { KEY_RETENTION_MS, type KeyRow, type KeyStore } from "./store";

/** The longest grace a rotation may give the secret it replaces: 7 days. */
export const MAX_GRACE_SECONDS = 7 * 86_400;
/** How often old audit entries and long-dead keys are forgotten, at most. */
const PRUNE_EVERY_MS = 3_600_000;

/** What the key desk works with, given by the coordinator. */
export interface KeyDeskDeps {
  store: KeyStore;
  /** The coordinator's own settings (`KEY_CACHE_SECONDS`, `KEY_KV_CACHE`). */
  settings: () => KeySettings;
  /** The KV entries of verified keys; the coordinator is their only writer. */
  kv: () => KeyEntries;
  /** Runs work that outlives the call (KV writes), logged if it fails. */
  background: (work: Promise<unknown>) => void;
  now?: () => number;
}

/**
 * The caller keys' one owner, inside the account coordinator: makes keys and their secrets (returned once, kept
 * only as SHA-256 hashes), rotates and revokes them — every change and every refused one in the audit log —, and
 * verifies presented keys by their hash. A verified key's facts go to KV (`key:v1:<hash>`) with an absolute
 * `validUntil` at most `KEY_CACHE_SECONDS` ahead and never past the key's expiry or its secret's grace end;
 * revocation and rotation delete those entries (best effort: readers honour `validUntil` regardless). Calls are
 * answered one at a time, with no await between a read and its write, so concurrent changes to one key are applied
 * in some order, each to the state the one before left.
 *
 * @example
 * ```ts
 * const desk = new KeyDesk({ store, settings: () => config.keys, kv: () => keyEntries(env.STORE), background })
 * const created = await desk.create({ caller: "dana" }, { name: "ops via PROXY_TOKENS", requestId })
 * ```
 */
export class KeyDesk {
  readonly #now: () => number;
  #prunedAt = 0;

  constructor(private readonly deps: KeyDeskDeps) {
    this.#now = deps.now ?? Date.now;
  }

  async create(input: KeyInput, actor: KeyActor): Promise<CreatedKey> {
    const key = newKeySecret();
    const hash = await sha256Hex(key);
    const now = this.#now();
    const id = newKeyId();
    const { store } = this.deps;
    store.transaction(() => {
      store.insert(
        {
          id,
          caller: input.caller,
          prefix: displayPrefix(key),
          note: input.note ?? null,
          models: input.models ? JSON.stringify(input.models) : null,
          budgets: input.budgets ? JSON.stringify(input.budgets) : null,
          tier: input.tier ?? "standard",
          admin: input.admin ? 1 : 0,
          created_at: now,
          created_by: actor.name,
          expires_at: input.expiresAt ?? null,
          last_used_at: null,
          rotated_at: null,
          revoked_at: null,
          revoked_by: null,
          revoked_reason: null,
        },
        hash,
      );
      audit(store, now, actor, "create", id, "done");
    });
    this.#pruneNow(now);
    return { ...viewOf(store.byId(id) as KeyRow, now), key };
  }

  /** The callers that hold a usable key, each with the tightest budget its keys set. */
  callers(): KeyCaller[] {
    return this.deps.store.callers(this.#now());
  }

  list(filter: KeyFilter): KeyView[] {
    const now = this.#now();
    return this.deps.store.list(filter, now).map((row) => viewOf(row, now));
  }

  /**
   * A new secret for the key; every earlier one is accepted until `graceSeconds` from now at most, then refused. A
   * revoked or expired key is not rotated (the refusal is in the audit log too).
   */
  async rotate(id: string, graceSeconds: number, actor: KeyActor): Promise<KeyOutcome<RotatedKey>> {
    const key = newKeySecret();
    const hash = await sha256Hex(key);
    const now = this.#now();
    const { store } = this.deps;
    const outcome = store.transaction((): KeyOutcome<{ graceUntil: number; hashes: string[] }> => {
      const row = store.byId(id);
      if (!row) return { ok: false, refusal: noSuchKey(id) };
      const state = stateOf(row, now);
      if (state !== "active") {
        const refusal: KeyRefusal = { reason: "key-conflict", msg: `key ${id} is ${state}: it cannot be rotated` };
        audit(store, now, actor, "rotate", id, "refused", `the key is ${state}`);
        return { ok: false, refusal };
      }
      const graceUntil = now + graceSeconds * 1000;
      const hashes = store.endSecrets(id, graceUntil);
      store.addSecret(id, hash, now);
      store.rotated(id, now);
      audit(store, now, actor, "rotate", id, "done", `grace ${graceSeconds} s`);
      return { ok: true, value: { graceUntil, hashes } };
    });
    if (!outcome.ok) return outcome;
    // Readers re-ask for the old secrets, and the coordinator answers with their grace.
    this.#forget(outcome.value.hashes);
    this.#pruneNow(now);
    return {
      ok: true,
      value: { id, key, prefix: displayPrefix(key), graceUntil: new Date(outcome.value.graceUntil).toISOString() },
    };
  }

  /** Revokes the key: every secret it has had is refused from now on. Revoking a revoked key changes nothing. */
  revoke(id: string, reason: string | undefined, actor: KeyActor): KeyOutcome<RevokedKey> {
    const now = this.#now();
    const { store } = this.deps;
    const outcome = store.transaction((): KeyOutcome<{ revokedAt: number; hashes: string[] }> => {
      const row = store.byId(id);
      if (!row) return { ok: false, refusal: noSuchKey(id) };
      const already = row.revoked_at !== null;
      store.revoke(id, now, actor.name, reason ?? null);
      audit(
        store,
        now,
        actor,
        "revoke",
        id,
        "done",
        already ? `already revoked${reason ? `; ${reason}` : ""}` : reason,
      );
      return { ok: true, value: { revokedAt: row.revoked_at ?? now, hashes: store.hashes(id) } };
    });
    if (!outcome.ok) return outcome;
    this.#forget(outcome.value.hashes);
    this.#pruneNow(now);
    return { ok: true, value: { id, state: "revoked", revokedAt: new Date(outcome.value.revokedAt).toISOString() } };
  }

  /**
   * The verdict on a presented key's hash: its facts, trusted until `validUntil`, or why it is refused (never which
   * part of a secret was wrong). A verified key's last use is noted, and its facts written to KV.
   */
  verify(hash: string): KeyVerdict {
    const now = this.#now();
    const found = this.deps.store.bySecret(hash);
    if (!found) return refused("unknown-key", "unknown kie-edge key: no key of this gateway has this secret");
    const { key: row, graceUntil } = found;
    const state = stateOf(row, now);
    if (state === "revoked") {
      return refused("revoked-key", `revoked kie-edge key: key ${row.id} was revoked at ${iso(row.revoked_at)}`);
    }
    if (state === "expired") {
      return refused("expired-key", `expired kie-edge key: key ${row.id} expired at ${iso(row.expires_at)}`);
    }
    if (graceUntil !== null && graceUntil <= now) {
      return refused(
        "past-grace",
        `kie-edge key ${row.id} was rotated, and this secret's grace period ended at ${iso(graceUntil)}: use its new secret`,
      );
    }
    const { cacheMs, kv } = this.deps.settings();
    const validUntil = Math.min(now + cacheMs, row.expires_at ?? Infinity, graceUntil ?? Infinity);
    const facts: KeyFacts = {
      id: row.id,
      caller: row.caller,
      ...(row.models !== null ? { models: JSON.parse(row.models) as string[] } : {}),
      ...(row.budgets !== null ? { budgets: JSON.parse(row.budgets) as Budget } : {}),
      tier: row.tier,
      admin: row.admin === 1,
      validUntil,
    };
    this.deps.store.used(row.id, now);
    if (kv) this.deps.background(this.deps.kv().put(hash, facts, now));
    return { ok: true, facts };
  }

  audit(filter: AuditFilter): AuditEntry[] {
    const now = this.#now();
    this.#pruneNow(now);
    return this.deps.store.audit(filter, now - KEY_RETENTION_MS);
  }

  #forget(hashes: string[]): void {
    if (!this.deps.settings().kv) return;
    const kv = this.deps.kv();
    for (const hash of hashes) this.deps.background(kv.delete(hash));
  }

  // Retention is 400 days: forgetting at most once an hour, on a change or an audit read, is often enough.
  #pruneNow(now: number): void {
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    this.deps.store.prune(now - KEY_RETENTION_MS);
  }
}

function refused(reason: KeyRefusal["reason"], msg: string): KeyVerdict {
  return { ok: false, refusal: { reason, msg } };
}

function noSuchKey(id: string): KeyRefusal {
  return { reason: "no-such-key", msg: `no key ${id}` };
}

function iso(at: number | null): string {
  return at === null ? "an unknown time" : new Date(at).toISOString();
}

function stateOf(row: KeyRow, now: number): KeyState {
  if (row.revoked_at !== null) return "revoked";
  if (row.expires_at !== null && row.expires_at <= now) return "expired";
  return "active";
}

function viewOf(row: KeyRow, now: number): KeyView {
  const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    prefix: row.prefix,
    caller: row.caller,
    note: row.note,
    models: row.models === null ? null : (JSON.parse(row.models) as string[]),
    budgets: row.budgets === null ? null : (JSON.parse(row.budgets) as Budget),
    tier: row.tier,
    admin: row.admin === 1,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    lastUsedAt: at(row.last_used_at),
    expiresAt: at(row.expires_at),
    state: stateOf(row, now),
    rotatedAt: at(row.rotated_at),
    graceUntil: at(row.grace_until),
    revokedAt: at(row.revoked_at),
    revokedReason: row.revoked_reason,
  };
}

// One entry of the audit log: who (and from which request) did what to which key, and how it ended.
function audit(
  store: KeyStore,
  at: number,
  actor: KeyActor,
  action: "create" | "rotate" | "revoke",
  keyId: string,
  outcome: "done" | "refused",
  reason?: string,
): void {
  store.record({ at, actor: actor.name, action, keyId, requestId: actor.requestId, outcome, reason });
}
