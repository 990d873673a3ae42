import type { ArchivedFile, CopyOutcome, JobFile, RecentArchive, StorageUse } from "./naming";

/** Result archiving as its owner (the account coordinator, a Durable Object) answers for it. */
export interface ArchiveCoordinator {
  /** The file a copy job is for, as it stands now (the consumer asks before copying). */
  archiveJob(ref: string, index: number): Promise<JobFile | undefined>;
  /** How a copy job ended. */
  archiveDone(ref: string, index: number, outcome: CopyOutcome): Promise<void>;
  /** A task's archived files, to its owner (an admin: anyone); undefined otherwise. */
  archiveList(
    caller: string,
    admin: boolean,
    taskId: string,
  ): Promise<{ caller: string; family: string; files: ArchivedFile[] } | undefined>;
  /** The newest tasks with archived files, a caller's own or everyone's. */
  archiveRecent(limit: number, caller?: string): Promise<RecentArchive[]>;
  /** Bytes served from the archive to a caller. */
  archiveServed(caller: string, bytes: number): Promise<void>;
  /** Bytes stored and served per caller and day, and what each caller keeps now. */
  archiveStorage(from: number, to: number, caller?: string): Promise<StorageUse>;
}
