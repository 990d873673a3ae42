import { integer, oneOf } from "./fields";

/** Result archiving: on whenever the Worker has its R2 bucket and queue, unless turned off. */
export interface ArchiveSettings {
  enabled: boolean;
  /** Archived files are deleted this long after they were archived (R2's lifecycle rule says the same). */
  retentionMs: number;
  /** A file over this is not archived. */
  maxFileBytes: number;
  /** The wait before a failed copy's first retry; each later one waits twice the one before, at most an hour. */
  retrySeconds: number;
}

/** The archive's settings, by environment name. */
export const archiveShape = {
  ARCHIVING: oneOf(["on", "off"], "on"),
  ARCHIVE_RETENTION_DAYS: integer({ min: 1, max: 3650, fallback: 90 }),
  // 5 GiB: R2 takes larger objects in parts, but a copy that long would outlast a queue consumer's time.
  ARCHIVE_MAX_FILE_BYTES: integer({ min: 1, max: 5 * 1024 ** 3, fallback: 512 * 1024 ** 2 }),
  ARCHIVE_RETRY_SECONDS: integer({ min: 1, max: 3600, fallback: 30 }),
};

type ArchiveEnv = {
  ARCHIVING: "on" | "off";
  ARCHIVE_RETENTION_DAYS: number;
  ARCHIVE_MAX_FILE_BYTES: number;
  ARCHIVE_RETRY_SECONDS: number;
};

/** The parsed archive settings. */
export function archiveSettings(s: ArchiveEnv): ArchiveSettings {
  return {
    enabled: s.ARCHIVING === "on",
    retentionMs: s.ARCHIVE_RETENTION_DAYS * 86_400_000,
    maxFileBytes: s.ARCHIVE_MAX_FILE_BYTES,
    retrySeconds: s.ARCHIVE_RETRY_SECONDS,
  };
}
