import * as z from "zod/mini";
import { type Migration, migrate, parseRows } from "../storage";
import type { ArchivedFile, ArchiveState, JobFile, RecentArchive, StorageUse } from "./naming";

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    note: "archived result files and each caller's bytes stored and served per day",
    statements: [
      `CREATE TABLE IF NOT EXISTS archive_files (
        ref TEXT NOT NULL, idx INTEGER NOT NULL, task_id TEXT NOT NULL, caller TEXT NOT NULL, family TEXT NOT NULL,
        url TEXT NOT NULL, object_key TEXT NOT NULL, state TEXT NOT NULL, size INTEGER, content_type TEXT,
        sha256 TEXT, created_at INTEGER NOT NULL, archived_at INTEGER, expires_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
        reason TEXT, PRIMARY KEY (ref, idx))`,
      "CREATE INDEX IF NOT EXISTS archive_by_task ON archive_files (task_id, created_at)",
      "CREATE INDEX IF NOT EXISTS archive_expiring ON archive_files (expires_at) WHERE state = 'archived'",
      "CREATE INDEX IF NOT EXISTS archive_by_caller ON archive_files (caller, state, size)",
      `CREATE TABLE IF NOT EXISTS archive_usage (
        caller TEXT NOT NULL, day TEXT NOT NULL, stored_bytes INTEGER NOT NULL DEFAULT 0,
        served_bytes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (caller, day))`,
    ],
  },
];

const Row = z.object({
  ref: z.string(),
  idx: z.number(),
  task_id: z.string(),
  caller: z.string(),
  family: z.string(),
  url: z.string(),
  object_key: z.string(),
  state: z.enum(["pending", "archived", "failed", "over-quota", "expired"]),
  size: z.nullable(z.number()),
  content_type: z.nullable(z.string()),
  sha256: z.nullable(z.string()),
  created_at: z.number(),
  archived_at: z.nullable(z.number()),
  expires_at: z.nullable(z.number()),
  attempts: z.number(),
  reason: z.nullable(z.string()),
});
type Row = z.output<typeof Row>;

/**
 * The archive's rows in the coordinator's SQLite: each result file of each successful task — where it is in R2,
 * its size, type and SHA-256, or why it is not there — and each caller's bytes stored and served per UTC day.
 * Knows nothing of HTTP, R2 or queues.
 *
 * @example
 * ```ts
 * const archive = new ArchiveStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn))
 * archive.plan(files, Date.now(), quota)
 * ```
 */
export class ArchiveStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    migrate(sql, transaction, "archive", MIGRATIONS);
  }

  /**
   * Plans the copy of a task's files: pending, unless its caller's archive is at its quota (`maxBytes`, counting
   * what is stored). Returns the jobs to send; a file planned before is not planned again.
   */
  plan(files: Omit<JobFile, "state">[], now: number, maxBytes: number | undefined): JobFile[] {
    return this.transaction(() => {
      const planned: JobFile[] = [];
      for (const file of files) {
        const full = maxBytes !== undefined && this.storedBy(file.caller) >= maxBytes;
        const state: ArchiveState = full ? "over-quota" : "pending";
        const written = this.sql.exec(
          "INSERT OR IGNORE INTO archive_files (ref, idx, task_id, caller, family, url, object_key, state, created_at, reason) " +
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          file.ref,
          file.index,
          file.taskId,
          file.caller,
          file.family,
          file.url,
          file.objectKey,
          state,
          now,
          full ? `the caller's archive is at its quota (${maxBytes} bytes)` : null,
        ).rowsWritten;
        if (written > 0 && state === "pending") planned.push({ ...file, state });
      }
      return planned;
    });
  }

  /** The file of a job, as the coordinator knows it. */
  job(ref: string, index: number): JobFile | undefined {
    const row = this.#rows("SELECT * FROM archive_files WHERE ref = ? AND idx = ?", ref, index)[0];
    return row && toJob(row);
  }

  /** A copy that made it: the file's figures, and its caller's stored bytes for the day. */
  archived(
    ref: string,
    index: number,
    file: { size: number; contentType: string; sha256: string },
    now: number,
    expiresAt: number,
  ): boolean {
    return this.transaction(() => {
      const row = this.job(ref, index);
      if (row?.state !== "pending") return false;
      this.sql.exec(
        "UPDATE archive_files SET state = 'archived', size = ?, content_type = ?, sha256 = ?, archived_at = ?, " +
          "expires_at = ?, attempts = attempts + 1, reason = NULL WHERE ref = ? AND idx = ?",
        file.size,
        file.contentType,
        file.sha256,
        now,
        expiresAt,
        ref,
        index,
      );
      this.#count(row.caller, now, "stored_bytes", file.size);
      return true;
    });
  }

  /** A copy that did not make it: why; `final` when it will not be tried again. */
  failed(ref: string, index: number, reason: string, final: boolean): void {
    this.sql.exec(
      "UPDATE archive_files SET attempts = attempts + 1, reason = ?, state = CASE WHEN ? THEN 'failed' ELSE state END " +
        "WHERE ref = ? AND idx = ? AND state = 'pending'",
      reason,
      final ? 1 : 0,
      ref,
      index,
    );
  }

  /** The files of the newest task with this id, in order. */
  files(taskId: string): { ref: string; caller: string; files: ArchivedFile[] } | undefined {
    const rows = this.#rows(
      "SELECT * FROM archive_files WHERE ref = (SELECT ref FROM archive_files WHERE task_id = ? ORDER BY created_at DESC LIMIT 1) " +
        "ORDER BY idx",
      taskId,
    );
    const first = rows[0];
    return first && { ref: first.ref, caller: first.caller, files: rows.map(toFile) };
  }

  /** The task's archive as one word: every file archived, some still pending, or not all will be. */
  stateOf(ref: string): "archived" | "pending" | "incomplete" | undefined {
    const states = this.#rows("SELECT * FROM archive_files WHERE ref = ?", ref).map((row) => row.state);
    if (states.length === 0) return undefined;
    if (states.every((s) => s === "archived")) return "archived";
    return states.includes("pending") ? "pending" : "incomplete";
  }

  /** Bytes a caller has in the archive now. */
  storedBy(caller: string): number {
    return this.sql
      .exec<{ bytes: number }>(
        "SELECT coalesce(sum(size), 0) AS bytes FROM archive_files WHERE caller = ? AND state = 'archived'",
        caller,
      )
      .one().bytes;
  }

  /** Bytes served to a caller from the archive, counted for the day. */
  served(caller: string, bytes: number, now: number): void {
    this.#count(caller, now, "served_bytes", bytes);
  }

  /** Per caller and UTC day in [`from`, `to`): bytes stored and served; one caller's when given. */
  usage(from: number, to: number, caller?: string): StorageUse["days"] {
    const [since, until] = [day(from), day(to - 1)];
    return this.sql
      .exec<{ caller: string; day: string; stored_bytes: number; served_bytes: number }>(
        `SELECT caller, day, stored_bytes, served_bytes FROM archive_usage WHERE day >= ? AND day <= ?
          ${caller === undefined ? "" : "AND caller = ?"} ORDER BY day, caller`,
        since,
        until,
        ...(caller === undefined ? [] : [caller]),
      )
      .toArray()
      .map((r) => ({ caller: r.caller, day: r.day, storedBytes: r.stored_bytes, servedBytes: r.served_bytes }));
  }

  /** Bytes every caller has in the archive now. */
  totals(): { caller: string; bytes: number; files: number }[] {
    return this.sql
      .exec<{ caller: string; bytes: number; files: number }>(
        "SELECT caller, coalesce(sum(size), 0) AS bytes, count(*) AS files FROM archive_files " +
          "WHERE state = 'archived' GROUP BY caller ORDER BY caller",
      )
      .toArray()
      .map((r) => ({ ...r }));
  }

  /** The newest tasks with archived (or archiving) files, `caller`'s only when given. */
  recent(limit: number, caller?: string): RecentArchive[] {
    const refs = this.sql
      .exec<{ ref: string }>(
        `SELECT ref FROM archive_files ${caller === undefined ? "" : "WHERE caller = ?"}
          GROUP BY ref ORDER BY max(created_at) DESC LIMIT ?`,
        ...(caller === undefined ? [] : [caller]),
        limit,
      )
      .toArray();
    return refs.flatMap(({ ref }) => {
      const rows = this.#rows("SELECT * FROM archive_files WHERE ref = ? ORDER BY idx", ref);
      const first = rows[0];
      return first
        ? [{ taskId: first.task_id, caller: first.caller, family: first.family, files: rows.map(toFile) }]
        : [];
    });
  }

  /** Archived files past their retention, oldest first: for the sweep to delete from R2. */
  expired(now: number, limit = 100): { ref: string; index: number; objectKey: string }[] {
    return this.#rows(
      "SELECT * FROM archive_files WHERE state = 'archived' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
      now,
      limit,
    ).map((row) => ({ ref: row.ref, index: row.idx, objectKey: row.object_key }));
  }

  /** Files deleted from R2 by the sweep. */
  markExpired(files: { ref: string; index: number }[]): void {
    this.transaction(() => {
      for (const f of files) {
        this.sql.exec("UPDATE archive_files SET state = 'expired' WHERE ref = ? AND idx = ?", f.ref, f.index);
      }
    });
  }

  /** Forgets rows and day counts older than `keepSince`. */
  prune(keepSince: number): void {
    this.sql.exec("DELETE FROM archive_files WHERE created_at < ? AND state != 'archived'", keepSince);
    this.sql.exec("DELETE FROM archive_usage WHERE day < ?", day(keepSince));
  }

  #count(caller: string, now: number, column: "stored_bytes" | "served_bytes", bytes: number): void {
    this.sql.exec(
      `INSERT INTO archive_usage (caller, day, ${column}) VALUES (?, ?, ?) ` +
        `ON CONFLICT (caller, day) DO UPDATE SET ${column} = ${column} + excluded.${column}`,
      caller,
      day(now),
      bytes,
    );
  }

  #rows(query: string, ...bindings: unknown[]): Row[] {
    return parseRows(this.sql.exec(query, ...bindings).toArray(), Row, "archive_files");
  }
}

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function toJob(row: Row): JobFile {
  return {
    ref: row.ref,
    index: row.idx,
    taskId: row.task_id,
    caller: row.caller,
    family: row.family,
    url: row.url,
    objectKey: row.object_key,
    state: row.state,
  };
}

function toFile(row: Row): ArchivedFile {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    index: row.idx,
    state: row.state,
    size: row.size,
    contentType: row.content_type,
    sha256: row.sha256,
    archivedAt: iso(row.archived_at),
    expiresAt: iso(row.expires_at),
    ...(row.reason && row.state !== "archived" ? { reason: row.reason } : {}),
  };
}
