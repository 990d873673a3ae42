import type { RequestIdVariables } from "hono/request-id";
import type { Config } from "../config";

/**
 * Facts a request gathers for its one access-log line. Routes fill in what they learn; values are never
 * secrets and never whole file URLs.
 */
export interface LogFields {
  cache?: "HIT" | "MISS";
  coalesced?: boolean;
  upstreamStatus?: number | string;
  upstreamAttempts?: number;
  fileHost?: string;
  fileHash?: string;
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
  };
};
