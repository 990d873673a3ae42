export type { ArchiveCoordinator } from "./coordination";
export { ArchiveRefused, type Copied, copyToR2, PART_BYTES } from "./copy";
export { ARCHIVE_ATTEMPTS, type CopyJobDeps, copyJob, type JobResult, retryDelaySeconds } from "./copy-job";
export { type ArchivedCopy, ArchiveLookup } from "./lookup";
export {
  type ArchivedFile,
  type ArchiveJob,
  type ArchiveState,
  type CopyOutcome,
  type JobFile,
  objectKey,
  type RecentArchive,
  type StorageUse,
} from "./naming";
export { ARCHIVE_LINK_MS, archiveLinkKey, linkValid, signedLink } from "./signed-links";
export { ArchiveStore } from "./store";
