export { type CacheLevel, type LinkCache, twoLevelCache } from "./cache";
export { FileUrl, hostAllowed, MAX_FILE_URL_LENGTH } from "./file-url";
export { linkKey, logHash } from "./key";
export { type CachedLink, isServable, type KvLinkStore, kvLinkStore } from "./kv-store";
export { MemoryCache } from "./memory-cache";
export { type ResolvedLink, resolveLink } from "./resolver";
