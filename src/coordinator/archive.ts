import {
  type ArchivedFile,
  type ArchiveJob,
  ArchiveLookup,
  type ArchiveStore,
  type CopyOutcome,
  type JobFile,
  objectKey,
  type StorageUse,
} from "../archive";
import type { ArchiveSettings, CallerPolicy } from "../config";
import { checkFileUrl, fileId } from "../links";

/** What the keeper runs with: the archive's settings and the callers' quotas, and the bindings it writes to. */
export interface KeeperDeps {
  store: ArchiveStore;
  settings: () => { archive: ArchiveSettings; policies: Record<string, CallerPolicy>; fileHosts: readonly string[] };
  bindings: () => { bucket?: R2Bucket; queue?: Queue<ArchiveJob>; kv: KVNamespace };
  background: (work: Promise<unknown>) => void;
  now?: () => number;
}

/**
 * The coordinator's share of result archiving: it plans the copy of every successful task's files (one queue
 * message each, within the caller's quota), is the source of truth the consumer asks before and tells after each
 * copy, answers for archived files by owner, counts bytes stored and served, and sweeps files past retention out of
 * R2. Archiving is on when the settings say so and the bucket and queue are bound.
 *
 * @example
 * ```ts
 * const keeper = new ArchiveKeeper({ store, settings, bindings: () => ({ bucket: env.ARCHIVE, queue: env.ARCHIVE_QUEUE, kv: env.STORE }), background })
 * ```
 */
export class ArchiveKeeper {
  readonly #now: () => number;

  constructor(private readonly deps: KeeperDeps) {
    this.#now = deps.now ?? Date.now;
  }

  /** Whether archiving runs: on, and bound. */
  get enabled(): boolean {
    const { bucket, queue } = this.deps.bindings();
    return this.deps.settings().archive.enabled && bucket !== undefined && queue !== undefined;
  }

  /**
   * A task succeeded with these result files: their copies are planned and sent to the queue. Only URLs on the
   * file hosts `/download` admits are planned (a record naming another host names nothing kie-edge fetches); a
   * file keeps its place among the results as its index.
   */
  succeeded(task: { ref: string; taskId: string; caller: string; family: string }, urls: string[]): void {
    const { queue } = this.deps.bindings();
    if (!this.enabled || !queue || urls.length === 0) return;
    const { fileHosts } = this.deps.settings();
    const files = urls
      .map((url, index) => ({ ...task, index, url, objectKey: objectKey({ ...task, index }) }))
      .filter((file) => "url" in checkFileUrl(file.url, fileHosts));
    if (files.length === 0) return;
    const quota = this.deps.settings().policies[task.caller]?.archive?.maxBytes;
    const planned = this.deps.store.plan(files, this.#now(), quota);
    if (planned.length === 0) return;
    this.deps.background(queue.sendBatch(planned.map((f) => ({ body: { ref: f.ref, index: f.index } }))));
  }

  /** How far a task's archive has come (for relays' `X-Archive`), when archiving is on and it has files. */
  stateOf(ref: string): string | undefined {
    return this.enabled ? this.deps.store.stateOf(ref) : undefined;
  }

  /** The file a job copies, as the coordinator knows it now (the consumer asks before copying). */
  job(ref: string, index: number): JobFile | undefined {
    return this.deps.store.job(ref, index);
  }

  /** How a copy ended: an archived file is noted, counted, and indexed by its URL for `/download`. */
  done(ref: string, index: number, outcome: CopyOutcome): void {
    const now = this.#now();
    if (!outcome.ok) {
      this.deps.store.failed(ref, index, outcome.reason, outcome.final);
      if (outcome.final)
        console.warn({ level: "warn", msg: "archive_refused", ref: ref.slice(0, 8), index, reason: outcome.reason });
      return;
    }
    const { retentionMs } = this.deps.settings().archive;
    const job = this.deps.store.job(ref, index);
    if (!job || !this.deps.store.archived(ref, index, outcome, now, now + retentionMs)) return;
    const copy = {
      objectKey: job.objectKey,
      caller: job.caller,
      taskId: job.taskId,
      index,
      size: outcome.size,
      contentType: outcome.contentType,
    };
    const lookup = new ArchiveLookup(this.deps.bindings().kv);
    this.deps.background(lookup.publish(fileId(new URL(job.url)), copy, Math.ceil(retentionMs / 1000)));
  }

  /** A task's archived files, to its owner (an admin: anyone); undefined for a task not theirs, or none. */
  list(
    caller: string,
    admin: boolean,
    taskId: string,
  ): { caller: string; family: string; files: ArchivedFile[] } | undefined {
    const found = this.deps.store.files(taskId);
    if (!found || (!admin && found.caller !== caller)) return undefined;
    const job = this.deps.store.job(found.ref, 0);
    return { caller: found.caller, family: job?.family ?? "", files: found.files };
  }

  /** The newest tasks with archived files (a caller's own, or every caller's). */
  recent(limit: number, caller?: string) {
    return this.deps.store.recent(limit, caller);
  }

  /** Bytes served from the archive to a caller. */
  served(caller: string, bytes: number): void {
    this.deps.store.served(caller, bytes, this.#now());
  }

  /** Bytes stored and served per caller per day, and what each caller keeps now against its quota. */
  storage(from: number, to: number, caller?: string): StorageUse {
    const { policies } = this.deps.settings();
    const totals = this.deps.store.totals().filter((t) => caller === undefined || t.caller === caller);
    return {
      days: this.deps.store.usage(from, to, caller),
      callers: totals.map((t) => ({ ...t, quota: policies[t.caller]?.archive?.maxBytes ?? null })),
    };
  }

  /** Deletes files past retention from R2 (a batch at a time; the alarm comes back for more). */
  async sweep(): Promise<void> {
    const { bucket, kv } = this.deps.bindings();
    if (!bucket) return;
    const expired = this.deps.store.expired(this.#now());
    if (expired.length === 0) return;
    await bucket.delete(expired.map((f) => f.objectKey));
    this.deps.store.markExpired(expired);
    const lookup = new ArchiveLookup(kv);
    for (const f of expired) {
      const job = this.deps.store.job(f.ref, f.index);
      if (job) this.deps.background(lookup.withdraw(fileId(new URL(job.url))));
    }
  }
}
