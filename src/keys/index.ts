export { KeyDesk, type KeyDeskDeps, MAX_GRACE_SECONDS } from "./desk";
export { type KeyEntries, keyEntries, keyEntryName } from "./kv";
export type {
  AuditEntry,
  AuditFilter,
  CreatedKey,
  KeyActor,
  KeyCaller,
  KeyCoordinator,
  KeyFacts,
  KeyFilter,
  KeyInput,
  KeyOutcome,
  KeyRefusal,
  KeyRefusalReason,
  KeyState,
  KeyTier,
  KeyVerdict,
  KeyView,
  RevokedKey,
  RotatedKey,
} from "./model";
export { keyPolicy, narrowModels } from "./scope";
export { KEY_ID, KEY_PREFIX, KEY_SHAPE, looksLikeKey, wellFormed } from "./secret";
export { KEY_MIGRATIONS, KEY_RETENTION_MS, KeyStore } from "./store";
export { type HeldKey, type KeyLevels, type Presented, policyOf, VerifiedKeys, verifyPresented } from "./verify";
