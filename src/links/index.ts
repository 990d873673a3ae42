export { FileUrl, hostAllowed, MAX_FILE_URL_LENGTH } from "./file-url";
export { linkKey, logHash } from "./key";
export { type CachedLink, isServable, type KvLinkStore, kvLinkStore } from "./kv-store";
export { type ResolvedLink, resolveLink } from "./resolver";
