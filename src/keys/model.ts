import type { Budget } from "../config";

/** Which per-caller rate limit a key counts against (`CALLER_LIMIT` or `CALLER_LIMIT_HIGH`). */
export type KeyTier = "standard" | "high";

/** A key's state now: usable, past its expiry, or revoked (revocation wins over expiry). */
export type KeyState = "active" | "expired" | "revoked";

/** A new key as an admin asked for it, checked. Times are epoch ms. */
export interface KeyInput {
  caller: string;
  expiresAt?: number;
  note?: string;
  /** Model patterns (as in CALLER_POLICIES); absent: whatever the caller's policy allows. */
  models?: string[];
  budgets?: Budget;
  tier?: KeyTier;
  admin?: boolean;
}

/** Who changed a key, for the audit log: its name as shown (`ops via PROXY_TOKENS`) and the request's id. */
export interface KeyActor {
  name: string;
  requestId: string;
}

/**
 * What a verified key says about its holder — never its secret. This is what KV holds under `key:v1:<sha256>` and
 * each isolate keeps in memory, trusted only before `validUntil` (epoch ms), which the coordinator sets no later
 * than `KEY_CACHE_SECONDS` after it checked the key, and never past the key's expiry or its secret's grace end.
 */
export interface KeyFacts {
  id: string;
  caller: string;
  models?: string[];
  budgets?: Budget;
  tier: KeyTier;
  admin: boolean;
  validUntil: number;
}

/** A key as lists show it: everything but a secret. Times are ISO strings, or null. */
export interface KeyView {
  id: string;
  /** The key's first characters (`ke_` and 8 more), to recognise it: never enough to use it. */
  prefix: string;
  caller: string;
  note: string | null;
  models: string[] | null;
  budgets: Budget | null;
  tier: KeyTier;
  admin: boolean;
  createdAt: string;
  createdBy: string;
  /** When the coordinator last verified it (isolates trust it for up to `KEY_CACHE_SECONDS` in between). */
  lastUsedAt: string | null;
  expiresAt: string | null;
  state: KeyState;
  rotatedAt: string | null;
  /** Until when the secret it replaced at its last rotation is still accepted. */
  graceUntil: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** A key just made: its view, and its secret — shown this once. */
export interface CreatedKey extends KeyView {
  key: string;
}

/** A key just rotated: its new secret (shown this once), and until when the old one is still accepted. */
export interface RotatedKey {
  id: string;
  key: string;
  prefix: string;
  graceUntil: string;
}

/** A key just revoked. */
export interface RevokedKey {
  id: string;
  state: "revoked";
  revokedAt: string;
}

/** One change to a key, as the audit log keeps it. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: "create" | "rotate" | "revoke";
  keyId: string;
  requestId: string;
  /** `refused`: the change was asked for but not made (`reason` says why). */
  outcome: "done" | "refused";
  reason?: string;
}

/**
 * Why kie-edge refuses a presented key or a change to one. The domain says why; `src/auth` alone turns a reason
 * into a status.
 * - `malformed-key`, `unknown-key`, `expired-key`, `revoked-key`, `past-grace`: the presented key (401);
 * - `no-such-key`: a management call names no key (404);
 * - `key-conflict`: the change cannot be made to the key as it is (a revoked key rotated) (409).
 */
export type KeyRefusalReason =
  | "malformed-key"
  | "unknown-key"
  | "expired-key"
  | "revoked-key"
  | "past-grace"
  | "no-such-key"
  | "key-conflict";

export interface KeyRefusal {
  reason: KeyRefusalReason;
  msg: string;
}

/** The coordinator's verdict on a presented key's hash. */
export type KeyVerdict = { ok: true; facts: KeyFacts } | { ok: false; refusal: KeyRefusal };

/** A management call's outcome: what it made, or why not. */
export type KeyOutcome<T> = { ok: true; value: T } | { ok: false; refusal: KeyRefusal };

/** Which keys a list shows. */
export interface KeyFilter {
  caller?: string;
  state?: KeyState;
  limit?: number;
}

/** A caller that holds usable keys, and the tightest budget they set (absent when none sets one). */
export interface KeyCaller {
  caller: string;
  budget?: Budget;
}

/** Which audit entries a read shows, newest first. */
export interface AuditFilter {
  keyId?: string;
  limit?: number;
}

/**
 * The keys as their owner (the account coordinator, a Durable Object) answers for them. Nothing secret crosses
 * this interface towards the coordinator: a presented key arrives as its SHA-256; secrets are made there and
 * leave once, in `createKey` and `rotateKey`.
 */
export interface KeyCoordinator {
  createKey(input: KeyInput, actor: KeyActor): Promise<CreatedKey>;
  listKeys(filter: KeyFilter): Promise<KeyView[]>;
  keyCallers(): Promise<KeyCaller[]>;
  rotateKey(id: string, graceSeconds: number, actor: KeyActor): Promise<KeyOutcome<RotatedKey>>;
  revokeKey(id: string, reason: string | undefined, actor: KeyActor): Promise<KeyOutcome<RevokedKey>>;
  verifyKey(hash: string): Promise<KeyVerdict>;
  keyAudit(filter: AuditFilter): Promise<AuditEntry[]>;
}
