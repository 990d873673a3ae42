import * as z from "zod/mini";
import type { Budget } from "../config";
import { type Migration, migrate, parseRows } from "../storage";
import type { AuditEntry, AuditFilter, KeyCaller, KeyFilter } from "./model";

/** Audit entries, and keys revoked or expired, are kept this long (the ledger's 400 days). */
export const KEY_RETENTION_MS = 400 * 86_400_000;

/** The keys' tables, version by version. */
export const KEY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    note: "caller keys, their secrets' hashes and the audit log",
    statements: [
      // A key: its scope and its life. Never its secret: only `prefix`, the characters lists show.
      `CREATE TABLE IF NOT EXISTS caller_keys (
    id TEXT PRIMARY KEY, caller TEXT NOT NULL, prefix TEXT NOT NULL, note TEXT, models TEXT, budgets TEXT,
    tier TEXT NOT NULL, admin INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
    expires_at INTEGER, last_used_at INTEGER, rotated_at INTEGER, revoked_at INTEGER, revoked_by TEXT,
    revoked_reason TEXT)`,
      "CREATE INDEX IF NOT EXISTS caller_keys_by_caller ON caller_keys (caller, created_at)",
      // Each secret a key has had, as its SHA-256 (hex): the current one (grace_until NULL) and those it replaced,
      // accepted until grace_until and kept after it, so a late one is told it is past its grace.
      `CREATE TABLE IF NOT EXISTS key_secrets (
    hash TEXT PRIMARY KEY, key_id TEXT NOT NULL, created_at INTEGER NOT NULL, grace_until INTEGER)`,
      "CREATE INDEX IF NOT EXISTS key_secrets_by_key ON key_secrets (key_id)",
      `CREATE TABLE IF NOT EXISTS key_audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    key_id TEXT NOT NULL, request_id TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT)`,
      "CREATE INDEX IF NOT EXISTS key_audit_by_time ON key_audit (at)",
      "CREATE INDEX IF NOT EXISTS key_audit_by_key ON key_audit (key_id, seq)",
    ],
  },
];

const KeyRow = z.object({
  id: z.string(),
  caller: z.string(),
  prefix: z.string(),
  note: z.nullable(z.string()),
  models: z.nullable(z.string()),
  budgets: z.nullable(z.string()),
  tier: z.enum(["standard", "high"]),
  admin: z.number(),
  created_at: z.number(),
  created_by: z.string(),
  expires_at: z.nullable(z.number()),
  last_used_at: z.nullable(z.number()),
  rotated_at: z.nullable(z.number()),
  revoked_at: z.nullable(z.number()),
  revoked_by: z.nullable(z.string()),
  revoked_reason: z.nullable(z.string()),
  grace_until: z.nullable(z.number()),
});

/** A key as stored (`models` and `budgets` as JSON text), with the latest grace end of the secrets it replaced. */
export type KeyRow = z.output<typeof KeyRow>;

const SecretRow = z.object({ hash: z.string(), key_id: z.string(), grace_until: z.nullable(z.number()) });

const AuditRow = z.object({
  at: z.number(),
  actor: z.string(),
  action: z.enum(["create", "rotate", "revoke"]),
  key_id: z.string(),
  request_id: z.string(),
  outcome: z.enum(["done", "refused"]),
  reason: z.nullable(z.string()),
});

const KEY_COLUMNS = `k.*, (SELECT max(grace_until) FROM key_secrets s WHERE s.key_id = k.id) AS grace_until`;

/**
 * The caller keys in the coordinator's SQLite: each key's scope and life, the hashes of its secrets, and the audit
 * log of every change. Knows nothing of HTTP; `transaction` makes multi-row writes one.
 *
 * @example
 * ```ts
 * const store = new KeyStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * store.bySecret(await sha256Hex(key))?.key.caller
 * ```
 */
export class KeyStore {
  constructor(
    private readonly sql: SqlStorage,
    readonly transaction: <T>(fn: () => T) => T,
  ) {
    migrate(sql, transaction, "keys", KEY_MIGRATIONS);
  }

  /** A new key with its first secret's hash. */
  insert(row: Omit<KeyRow, "grace_until">, hash: string): void {
    this.sql.exec(
      "INSERT INTO caller_keys (id, caller, prefix, note, models, budgets, tier, admin, created_at, created_by, " +
        "expires_at, last_used_at, rotated_at, revoked_at, revoked_by, revoked_reason) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      row.id,
      row.caller,
      row.prefix,
      row.note,
      row.models,
      row.budgets,
      row.tier,
      row.admin,
      row.created_at,
      row.created_by,
      row.expires_at,
      row.last_used_at,
      row.rotated_at,
      row.revoked_at,
      row.revoked_by,
      row.revoked_reason,
    );
    this.addSecret(row.id, hash, row.created_at);
  }

  byId(id: string): KeyRow | undefined {
    return this.#keys(`SELECT ${KEY_COLUMNS} FROM caller_keys k WHERE k.id = ?`, id)[0];
  }

  /** The key a secret's hash belongs to, and whether (until when) that secret is a replaced one. */
  bySecret(hash: string): { key: KeyRow; graceUntil: number | null } | undefined {
    const secret = parseRows(
      this.sql.exec("SELECT hash, key_id, grace_until FROM key_secrets WHERE hash = ?", hash).toArray(),
      SecretRow,
      "key_secrets",
    )[0];
    const key = secret && this.byId(secret.key_id);
    return key && secret ? { key, graceUntil: secret.grace_until } : undefined;
  }

  /** Keys, newest first: `caller`'s only when given; of one state at `now` when given. */
  list(filter: KeyFilter, now: number): KeyRow[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.caller !== undefined) {
      where.push("k.caller = ?");
      args.push(filter.caller);
    }
    if (filter.state === "revoked") where.push("k.revoked_at IS NOT NULL");
    if (filter.state === "expired") {
      where.push("k.revoked_at IS NULL AND k.expires_at IS NOT NULL AND k.expires_at <= ?");
      args.push(now);
    }
    if (filter.state === "active") {
      where.push("k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)");
      args.push(now);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const limit = filter.limit ?? 1000;
    return this.#keys(
      `SELECT ${KEY_COLUMNS} FROM caller_keys k ${clause} ORDER BY k.created_at DESC, k.id LIMIT ?`,
      ...args,
      limit,
    );
  }

  /**
   * The callers that hold a key usable at `now`, by name, each with the tightest limit per period its keys set:
   * every key's limit is checked against its caller's whole spend, so that one binds first.
   */
  callers(now: number): KeyCaller[] {
    const rows = this.sql.exec<{ caller: string; daily: number | null; monthly: number | null }>(
      "SELECT caller, min(json_extract(budgets, '$.daily')) AS daily, " +
        "min(json_extract(budgets, '$.monthly')) AS monthly FROM caller_keys " +
        "WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) GROUP BY caller ORDER BY caller",
      now,
    );
    return rows.toArray().map(({ caller, daily, monthly }) => {
      const budget: Budget = {};
      if (daily !== null) budget.daily = daily;
      if (monthly !== null) budget.monthly = monthly;
      return { caller, ...(daily !== null || monthly !== null ? { budget } : {}) };
    });
  }

  /** Another secret for a key: the current one from now on. */
  addSecret(keyId: string, hash: string, now: number): void {
    this.sql.exec("INSERT INTO key_secrets (hash, key_id, created_at) VALUES (?, ?, ?)", hash, keyId, now);
  }

  /**
   * Every secret the key has had is accepted no later than `until` (one already ending sooner keeps its end):
   * after a rotation only the new secret and, for its grace, the one it replaced are accepted. Answers their hashes.
   */
  endSecrets(keyId: string, until: number): string[] {
    this.sql.exec(
      "UPDATE key_secrets SET grace_until = min(coalesce(grace_until, ?), ?) WHERE key_id = ?",
      until,
      until,
      keyId,
    );
    return this.hashes(keyId);
  }

  /** The hashes of every secret the key has had. */
  hashes(keyId: string): string[] {
    return this.sql
      .exec<{ hash: string }>("SELECT hash FROM key_secrets WHERE key_id = ?", keyId)
      .toArray()
      .map((r) => r.hash);
  }

  rotated(id: string, now: number): void {
    this.sql.exec("UPDATE caller_keys SET rotated_at = ? WHERE id = ?", now, id);
  }

  revoke(id: string, now: number, by: string, reason: string | null): void {
    this.sql.exec(
      "UPDATE caller_keys SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
      now,
      by,
      reason,
      id,
    );
  }

  /** The coordinator verified the key at `now`. */
  used(id: string, now: number): void {
    this.sql.exec("UPDATE caller_keys SET last_used_at = ? WHERE id = ?", now, id);
  }

  record(entry: {
    at: number;
    actor: string;
    action: string;
    keyId: string;
    requestId: string;
    outcome: string;
    reason?: string;
  }): void {
    this.sql.exec(
      "INSERT INTO key_audit (at, actor, action, key_id, request_id, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
      entry.at,
      entry.actor,
      entry.action,
      entry.keyId,
      entry.requestId,
      entry.outcome,
      entry.reason ?? null,
    );
  }

  /** Audit entries since `since`, newest first. */
  audit(filter: AuditFilter, since: number): AuditEntry[] {
    const byKey = filter.keyId !== undefined;
    const rows = this.sql
      .exec(
        `SELECT at, actor, action, key_id, request_id, outcome, reason FROM key_audit
          WHERE at >= ? ${byKey ? "AND key_id = ?" : ""} ORDER BY seq DESC LIMIT ?`,
        since,
        ...(byKey ? [filter.keyId as string] : []),
        filter.limit ?? 200,
      )
      .toArray();
    return parseRows(rows, AuditRow, "key_audit").map((r) => ({
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      keyId: r.key_id,
      requestId: r.request_id,
      outcome: r.outcome,
      ...(r.reason !== null ? { reason: r.reason } : {}),
    }));
  }

  /** Forgets audit entries, and keys revoked or expired (with their secrets' hashes), older than `before`. */
  prune(before: number): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM key_audit WHERE at < ?", before);
      const gone = `SELECT id FROM caller_keys WHERE coalesce(revoked_at, expires_at) < ?`;
      this.sql.exec(`DELETE FROM key_secrets WHERE key_id IN (${gone})`, before);
      this.sql.exec(`DELETE FROM caller_keys WHERE id IN (${gone})`, before);
    });
  }

  #keys(query: string, ...args: (string | number)[]): KeyRow[] {
    return parseRows(this.sql.exec(query, ...args).toArray(), KeyRow, "caller_keys");
  }
}
