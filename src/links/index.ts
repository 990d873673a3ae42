export { type BatchItem, resolveBatch } from "./batch";
export { type CacheLevel, type LinkCache, twoLevelCache } from "./cache";
export { FileFetchError, fetchFile, type LinkRule, linkAdmitted, linkRule, MAX_REDIRECTS } from "./fetch-file";
export { contentDisposition, fileHeaders, fileName } from "./file-headers";
export { checkFileUrl, FileUrl, HOST_NOT_ADMITTED, hostAllowed, MAX_FILE_URL_LENGTH } from "./file-url";
export { fileId, linkKey, logHash } from "./key";
export { type CachedLink, isServable, type KvLinkStore, kvLinkStore } from "./kv-store";
export { MemoryCache } from "./memory-cache";
export { type ResolvedLink, resolveLink } from "./resolver";
