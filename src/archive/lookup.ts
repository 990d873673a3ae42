import { sha256Hex } from "../net";
import type { Lru } from "../storage";

/** Where an archived file is, found by the file URL kie.ai gave for it. */
export interface ArchivedCopy {
  objectKey: string;
  caller: string;
  taskId: string;
  index: number;
  size: number;
  contentType: string;
}

const PREFIX = "archived:v1:";

/**
 * The archive's index by file URL, in KV (the coordinator writes it as each file is archived): so `/download` and
 * the download-url calls answer from R2 for a file kie-edge keeps, instead of asking kie.ai. Keys are the SHA-256 of
 * the file's identity (`fileId`), so no URL shows in KV. A file not found is remembered as such in the isolate for
 * a minute, so asks for files kie-edge does not keep cost one KV read a minute at most.
 *
 * @example
 * ```ts
 * const copy = await new ArchiveLookup(env.STORE, memory).find("https://tempfile.aiquickdraw.com/a.png")
 * ```
 */
export class ArchiveLookup {
  constructor(
    private readonly kv: KVNamespace,
    private readonly memory?: Lru<{ copy: ArchivedCopy | null; until: number }>,
  ) {}

  /** The archived copy of the file with identity `fileId`, if there is one. */
  async find(fileId: string, now = Date.now()): Promise<ArchivedCopy | undefined> {
    const held = this.memory?.get(fileId);
    if (held && (held.copy || held.until > now)) return held.copy ?? undefined;
    // KV failing is not the caller's problem: the file is then asked of kie.ai, as if it were not archived.
    const key = PREFIX + (await sha256Hex(fileId));
    const copy = await (async () => this.kv.get<ArchivedCopy>(key, "json"))().catch(() => null);
    this.memory?.set(fileId, { copy: isCopy(copy) ? copy : null, until: now + 60_000 });
    return isCopy(copy) ? copy : undefined;
  }

  /** Notes an archived copy (the coordinator does, as the file is archived), for as long as it is kept. */
  async publish(fileId: string, copy: ArchivedCopy, ttlSeconds: number): Promise<void> {
    await this.kv.put(PREFIX + (await sha256Hex(fileId)), JSON.stringify(copy), { expirationTtl: ttlSeconds });
  }

  /** Forgets a copy that is gone (past retention). */
  async withdraw(fileId: string): Promise<void> {
    await this.kv.delete(PREFIX + (await sha256Hex(fileId)));
  }
}

function isCopy(value: unknown): value is ArchivedCopy {
  const copy = value as ArchivedCopy | null;
  return typeof copy?.objectKey === "string" && typeof copy.caller === "string" && typeof copy.size === "number";
}
