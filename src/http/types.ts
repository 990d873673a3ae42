import type { RequestIdVariables } from "hono/request-id";
import type { Config } from "../config";

/**
 * Facts a request gathers for its one access-log line. Routes fill in what they learn; values are never
 * secrets and never whole file URLs (the file is set as `c.var.file` and logged as host and hash).
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
}

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
    config: Config;
    /** The proxy token's name, once admitted. */
    caller: string;
    log: LogFields;
    /** The `fileId` a link route is working on: logged as host and hash, never whole. */
    file: string | undefined;
  };
};
