import type { ArchiveCoordinator } from "./coordination";
import { ArchiveRefused, copyToR2 } from "./copy";
import type { ArchiveJob } from "./naming";

/** Attempts a job gets: the queue's first delivery and its `max_retries` (wrangler.toml) after it. */
export const ARCHIVE_ATTEMPTS = 9;
/** The wait before a job's next attempt: `first` (30 s by default), doubling, at most an hour. */
export function retryDelaySeconds(attempts: number, first = 30): number {
  return Math.min(3600, first * 2 ** Math.max(0, attempts - 1));
}

/** What a copy job needs. */
export interface CopyJobDeps {
  coordinator: Pick<ArchiveCoordinator, "archiveJob" | "archiveDone">;
  bucket: R2Bucket;
  /** A fresh download link for a file kie.ai made (kie.ai's download-url, through the link cache). */
  link(fileUrl: string): Promise<string>;
  /** The file behind a link: admitted hosts only, redirects checked hop by hop, stalls cut off. */
  fetch(link: string): Promise<Response>;
  maxBytes: number;
  /** The wait before the first retry (ARCHIVE_RETRY_SECONDS). */
  retrySeconds: number;
  /** Whether an error getting the link or the file may pass if tried again later (kie.ai or the host down). */
  retryable(err: unknown): boolean;
}

/** What became of one delivery of a job: done with, or to be tried again after `delaySeconds`. */
export type JobResult = { ack: true } | { ack: false; delaySeconds: number };

/**
 * One delivery of an archive job: the coordinator says what the file is and whether it still needs copying (a
 * job delivered twice copies once); the file is fetched through a fresh kie.ai link and copied into R2 whole or
 * not at all; the coordinator is told how it went. A failure that may pass (kie.ai or the file host down, a
 * stall, a truncated body) is tried again later, up to `ARCHIVE_ATTEMPTS`; one that will not (HTML for media, a
 * file over the limit, a file kie.ai no longer has) ends the job, its reason kept.
 *
 * @example
 * ```ts
 * const result = await copyJob({ ref, index }, message.attempts, deps)
 * if (result.ack) message.ack(); else message.retry({ delaySeconds: result.delaySeconds })
 * ```
 */
export async function copyJob(job: ArchiveJob, attempts: number, deps: CopyJobDeps): Promise<JobResult> {
  const file = await deps.coordinator.archiveJob(job.ref, job.index);
  if (file?.state !== "pending") return { ack: true };
  try {
    const res = await deps.fetch(await deps.link(file.url));
    const copied = await copyToR2(deps.bucket, file.objectKey, res, {
      maxBytes: deps.maxBytes,
      metadata: { caller: file.caller, taskId: file.taskId, index: String(file.index) },
    });
    await deps.coordinator.archiveDone(job.ref, job.index, { ok: true, ...copied });
    return { ack: true };
  } catch (err) {
    const retry = err instanceof ArchiveRefused ? err.retry : deps.retryable(err);
    const final = !retry || attempts >= ARCHIVE_ATTEMPTS;
    const reason = err instanceof Error ? err.message : String(err);
    console.warn({ level: "warn", msg: "archive_copy_failed", index: job.index, attempts, final, reason });
    await deps.coordinator.archiveDone(job.ref, job.index, { ok: false, reason, final });
    return final ? { ack: true } : { ack: false, delaySeconds: retryDelaySeconds(attempts, deps.retrySeconds) };
  }
}
