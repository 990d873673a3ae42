import type { KieRecord } from "../families";
import type { Lru } from "../storage";

/** A task's final record as the edge keeps it: whose it is, which kind of record, and the record its caller sees. */
export interface FinalRecord {
  caller: string;
  kind: string;
  record: KieRecord;
}

const PREFIX = "task:v1:";
/** As long as the coordinator keeps the task itself. */
const TTL_S = 60 * 24 * 3600;

/**
 * Final records where the edge reads them first — the isolate's memory, then KV — so a poll of a finished task is
 * answered without the account coordinator. A final record never changes; the coordinator is the only writer (it
 * publishes each one as it records it), and a record the edge does not have yet is simply asked of the coordinator.
 *
 * @example
 * ```ts
 * const kept = await new FinalRecords(env.STORE, memory).read("task_123")
 * ```
 */
export class FinalRecords {
  constructor(
    private readonly kv: KVNamespace,
    private readonly memory?: Lru<FinalRecord>,
  ) {}

  /** The final record of `taskId`, if one was published; undefined otherwise (or when KV cannot be read). */
  async read(taskId: string): Promise<FinalRecord | undefined> {
    const held = this.memory?.get(taskId);
    if (held) return held;
    const stored = await this.kv.get<unknown>(PREFIX + taskId, "json").catch(() => null);
    if (!isFinalRecord(stored)) return undefined;
    this.memory?.set(taskId, stored);
    return stored;
  }

  /** Publishes a final record (the coordinator does, as it records it). */
  publish(taskId: string, entry: FinalRecord): Promise<void> {
    return this.kv.put(PREFIX + taskId, JSON.stringify(entry), { expirationTtl: TTL_S });
  }

  /** Withdraws what was published for `taskId` (a new task took its id). */
  withdraw(taskId: string): Promise<void> {
    return this.kv.delete(PREFIX + taskId);
  }
}

function isFinalRecord(value: unknown): value is FinalRecord {
  const entry = value as FinalRecord | null;
  return (
    typeof entry?.caller === "string" &&
    typeof entry.kind === "string" &&
    typeof entry.record === "object" &&
    entry.record !== null &&
    !Array.isArray(entry.record)
  );
}
