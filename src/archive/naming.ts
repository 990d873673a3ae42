/**
 * Where an archived file lives in R2: a key that names the caller, the family, the task and the file's place among
 * the task's results. Callers' names and task ids are of safe characters already (their own rules).
 *
 * @example
 * ```ts
 * objectKey({ caller: "web", family: "veo", taskId: "veo_1", index: 0 }) // "v1/web/veo/veo_1/0"
 * ```
 */
export function objectKey(file: { caller: string; family: string; taskId: string; index: number }): string {
  return `v1/${file.caller}/${file.family}/${file.taskId}/${file.index}`;
}

/** A file's archive state: waiting to be copied, in R2, refused for good, over its caller's quota, or past retention. */
export type ArchiveState = "pending" | "archived" | "failed" | "over-quota" | "expired";

/** An archive job: the file of a task to copy, by the task's reference and the file's index. */
export interface ArchiveJob {
  ref: string;
  index: number;
}

/** What a copy job needs to know, from the coordinator (the source of truth). */
export interface JobFile {
  ref: string;
  index: number;
  taskId: string;
  caller: string;
  family: string;
  url: string;
  objectKey: string;
  state: ArchiveState;
}

/** An archived file as callers see it. */
export interface ArchivedFile {
  index: number;
  state: ArchiveState;
  size: number | null;
  contentType: string | null;
  sha256: string | null;
  archivedAt: string | null;
  expiresAt: string | null;
  /** Why it is not archived (refused, over quota), when it is not. */
  reason?: string;
}

/** How a copy job ended, as the queue's consumer reports it. */
export type CopyOutcome =
  | { ok: true; size: number; contentType: string; sha256: string }
  | { ok: false; reason: string; final: boolean };

/** A task with archived (or archiving) files, for the dashboard's list. */
export interface RecentArchive {
  taskId: string;
  caller: string;
  family: string;
  files: ArchivedFile[];
}

/** Each caller's archive: bytes stored and served per UTC day, and what it keeps now against its quota. */
export interface StorageUse {
  days: { caller: string; day: string; storedBytes: number; servedBytes: number }[];
  callers: { caller: string; bytes: number; files: number; quota: number | null }[];
}
