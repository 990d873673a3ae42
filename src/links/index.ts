export { type BatchOptions, type BatchResult, type Refusal, resolveBatch } from "./batch";
export { type CacheLevel, type LinkCache, twoLevelCache } from "./cache";
export { FileFetchError, fetchFile, type LinkRule, linkAdmitted, linkRule, MAX_REDIRECTS } from "./fetch-file";
export { contentDisposition, fileHeaders, fileName } from "./file-headers";
export { checkFileUrl, FileUrl, FileUrlInput, HOST_NOT_ADMITTED, MAX_FILE_URL_LENGTH } from "./file-url";
export { fileForLog, fileId, linkKey } from "./key";
export { type CachedLink, isServable, type KvLinkStore, kvLinkStore } from "./kv-store";
export { MemoryCache } from "./memory-cache";
export { type LinkDeps, type ResolvedLink, resolveLink } from "./resolver";
