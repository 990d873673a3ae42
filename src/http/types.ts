import type { RequestIdVariables } from "hono/request-id";
import type { ArchiveCoordinator, ArchiveLookup } from "../archive";
import type { CallerPolicy, Config, ConfigResult, ProxyToken } from "../config";
import type { KeyCoordinator, KeyLevels } from "../keys";
import type { UsageCoordinator } from "../ledger";
import type { LinkDeps, LinkRule } from "../links";
import type { MonitorCoordinator } from "../monitor";
import type { FinalRecords, TaskCoordinator } from "../tasks";
import type { KieClient } from "../upstream";

/**
 * Facts a request gathers for its one access-log line. Routes fill in what they learn; values are never
 * secrets and never whole file URLs (a file is logged as its host and a short hash).
 */
export interface LogFields {
  cache?: "HIT" | "MISS";
  coalesced?: boolean;
  upstreamStatus?: number | string;
  upstreamAttempts?: number;
  kvError?: "get" | "put" | "delete";
  cacheLevel?: "memory" | "kv";
  linkRefreshed?: boolean;
  fileStatus?: number;
  batchSize?: number;
  batchHits?: number;
  batchErrors?: number;
  /** How long a createTask waited for admission to kie.ai's rate. */
  admissionWaitMs?: number;
  /** Bytes an upload streamed through. */
  uploadBytes?: number;
  /** The family operation or record kind a task call was for (`veo/generate`). */
  op?: string;
  /** The runtime key a request was admitted with (its id, never its secret), and where it was found. */
  keyId?: string;
  keyLevel?: "memory" | "kv" | "coordinator";
  /** The file a link route works on: logged as `fileHost` and `fileHash`, the hash computed only if logged. */
  file?: { host: string; hash: () => Promise<string> };
}

/** What the routes use, built for each request by the composition root (`src/services`). */
export interface Services {
  /** The kie.ai client (one per config, kept for the isolate). */
  readonly kie: KieClient;
  /** The link cache (memory, then KV), the client, and the kie.ai calls under way. */
  readonly links: LinkDeps;
  /** Which URLs `/download` may fetch. */
  readonly linkRule: LinkRule;
  /** Digests of the configured proxy tokens, kept for the isolate. */
  readonly tokenDigests: WeakMap<readonly ProxyToken[], Map<string, string>>;
  /** A presented bearer token's SHA-256 (hex), remembered for the isolate's next requests. */
  tokenDigest(token: string): Promise<string>;
  /** The account coordinator (a Durable Object): the credit monitor, generation tasks and the spend ledger. */
  readonly coordinator: AccountCoordinator;
  /** Final task records where the edge reads them first (memory, then KV). */
  readonly finalRecords: Pick<FinalRecords, "read">;
  /** Archived copies of files by the URL kie.ai gave for them (memory, then KV). */
  readonly archived: Pick<ArchiveLookup, "find">;
  /** The key archive links are signed with (none without CALLBACK_SIGNING_KEY). */
  archiveLinkKey(): Promise<Uint8Array | undefined>;
  /** Where runtime keys are verified: the isolate's memory, KV, the coordinator. */
  readonly keys: KeyLevels;
}

/** The account coordinator as the Worker sees it: the monitor's, the tasks' and the ledger's owner. */
export type AccountCoordinator = MonitorCoordinator &
  TaskCoordinator &
  UsageCoordinator &
  KeyCoordinator &
  ArchiveCoordinator;

/**
 * The Hono environment of every kie-edge route.
 *
 * @example
 * ```ts
 * const credit = new Hono<AppEnv>().get("/credit", (c) => c.json({ caller: c.var.caller }))
 * ```
 */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & {
    /** The settings as parsed, or what is wrong with them. */
    configResult: ConfigResult;
    /** The settings, on requests that got past `requireConfig`. */
    config: Config;
    services: Services;
    /** The proxy token's name, once admitted. */
    caller: string;
    /**
     * What the caller may do: its CALLER_POLICIES entry (or none: every model, its own tasks, no budget); for a
     * runtime key, the key's scope narrowing that entry (src/keys).
     */
    policy: CallerPolicy;
    /** The runtime key's id when the caller presented one (a PROXY_TOKENS caller: unset). */
    keyId?: string;
    /** A family call's JSON body, as sent (see `familyBody`). */
    body: Record<string, unknown>;
    log: LogFields;
  };
};
