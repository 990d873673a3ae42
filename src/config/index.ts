import * as z from "zod/mini";
import { type ArchiveSettings, archiveSettings, archiveShape } from "./archive";
import { integer, list, oneOf, secret } from "./fields";
import { type KeySettings, keysSettings, keysShape } from "./keys";
import { type MonitorSettings, monitorProblems, monitorSettings, monitorShape, type WebhookSettings } from "./monitor";
import { type ProxyToken, ProxyTokens } from "./proxy-tokens";
import { type SpendSettings, spendSettings, spendShape } from "./spend";
import { type TaskSettings, tasksProblems, tasksSettings, tasksShape } from "./tasks";
import { baseUrl, CorsOrigins, FileHosts } from "./urls";

export type { ArchiveSettings } from "./archive";
export { refuse } from "./fields";
export { type KeySettings, MAX_KEY_CACHE_SECONDS } from "./keys";
export { type MonitorSettings, WEBHOOK_FORMATS, type WebhookSettings } from "./monitor";
export { CALLER_NAME, type ProxyToken } from "./proxy-tokens";
export { redact } from "./redact";
export { MODEL_PATTERN, type ModelPrices, type SpendSettings, type UnattributedAlert } from "./spend";
export type { Budget, CallerPolicy, TaskSettings } from "./tasks";
export { isLoopback } from "./urls";

/** A download link lives 20 minutes from the moment kie.ai issues it. */
export const LINK_LIFETIME_MS = 20 * 60 * 1000;

const Settings = z.object({
  KIE_API_KEY: secret(),
  PROXY_TOKENS: ProxyTokens,
  KIE_BASE_URL: baseUrl("https://api.kie.ai"),
  KIE_FILE_HOSTS: FileHosts,
  LINK_MIN_REMAINING_SECONDS: integer({ min: 0, max: LINK_LIFETIME_MS / 1000 - 1, fallback: 300 }),
  UPSTREAM_TIMEOUT_MS: integer({ min: 100, max: 120_000, fallback: 10_000 }),
  UPSTREAM_MAX_RETRIES: integer({ min: 0, max: 10, fallback: 3 }),
  UPSTREAM_BUDGET_MS: integer({ min: 100, max: 300_000, fallback: 30_000 }),
  UPSTREAM_BACKOFF_MS: integer({ min: 0, max: 60_000, fallback: 250 }),
  LINK_MEMORY_ENTRIES: integer({ min: 0, max: 100_000, fallback: 1000 }),
  BATCH_CONCURRENCY: integer({ min: 1, max: 50, fallback: 5 }),
  ACCESS_LOG: oneOf(["all", "errors", "off"], "all"),
  CORS_ORIGINS: CorsOrigins,
  RATE_LIMIT_PERIOD_SECONDS: oneOf(["10", "60"], "60"),
  HIGH_LIMIT_CALLERS: list(),
  ...monitorShape,
  ...tasksShape,
  ...spendShape,
  ...archiveShape,
  ...keysShape,
});

/** Everything kie-edge reads from its environment, parsed and checked. */
export interface Config {
  kieApiKey: string;
  proxyTokens: ProxyToken[];
  kieBaseUrl: string;
  fileHosts: string[];
  linkMinRemainingMs: number;
  /** Entries of the in-isolate link cache; 0 turns it off. */
  linkMemoryEntries: number;
  /** Upstream calls a batch keeps in flight at once. */
  batchConcurrency: number;
  /** Which requests get an access-log line: all, only the troubled ones (4xx/5xx, retries, KV errors), none. */
  accessLog: "all" | "errors" | "off";
  /** Browser origins allowed by CORS; empty: CORS off. */
  corsOrigins: string[];
  rateLimit: RateLimitSettings;
  upstream: UpstreamSettings;
  monitor: MonitorSettings;
  webhook: WebhookSettings;
  tasks: TaskSettings;
  spend: SpendSettings;
  /** Result archiving to R2. */
  archive: ArchiveSettings;
  /** Runtime caller keys: how long a verified key is trusted between coordinator calls. */
  keys: KeySettings;
}

/**
 * Every secret in a config, for `redact`.
 *
 * @example
 * ```ts
 * redact(message, secretsOf(config))
 * ```
 */
export function secretsOf(config: Config): string[] {
  return [
    config.kieApiKey,
    ...config.proxyTokens.map((t) => t.token),
    ...(config.webhook.url ? [config.webhook.url] : []),
    ...(config.webhook.secretText ? [config.webhook.secretText] : []),
    ...(config.tasks.kieHmacKey ? [config.tasks.kieHmacKey] : []),
    ...(config.tasks.callbackKeyText ? [config.tasks.callbackKeyText] : []),
  ];
}

/** Per-caller rate limits: the numbers live in wrangler.toml's [[ratelimits]]; these say how to use them. */
export interface RateLimitSettings {
  /** The `period` of the bindings, for `Retry-After`. */
  periodSeconds: number;
  /** Callers counted against `CALLER_LIMIT_HIGH` instead of `CALLER_LIMIT`. */
  highCallers: string[];
}

/** How the upstream client times out and retries. */
export interface UpstreamSettings {
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** All attempts and waits of one call together. */
  budgetMs: number;
  /** First backoff step; doubles per retry, with full jitter. */
  backoffMs: number;
}

/** The outcome of reading the environment: a config, or every problem found, each naming its setting. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Parses and checks the environment. Problems name the setting and what is wrong with it, never its value.
 * (The composition root keeps the result for the isolate's life: Workers hand every request the same `env`.)
 *
 * @example
 * ```ts
 * const result = parseConfig(env)
 * if (!result.ok) console.error(result.problems.join("; "))
 * ```
 */
export function parseConfig(env: object): ConfigResult {
  const out = z.safeParse(Settings, env);
  if (!out.success) {
    return { ok: false, problems: out.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`) };
  }
  const s = out.data;
  const problems = [
    ...monitorProblems(s),
    ...tasksProblems(
      s,
      s.PROXY_TOKENS.map((t) => t.name),
    ),
  ];
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      kieApiKey: s.KIE_API_KEY,
      proxyTokens: s.PROXY_TOKENS,
      kieBaseUrl: s.KIE_BASE_URL,
      fileHosts: s.KIE_FILE_HOSTS,
      linkMinRemainingMs: s.LINK_MIN_REMAINING_SECONDS * 1000,
      linkMemoryEntries: s.LINK_MEMORY_ENTRIES,
      batchConcurrency: s.BATCH_CONCURRENCY,
      accessLog: s.ACCESS_LOG,
      corsOrigins: s.CORS_ORIGINS,
      rateLimit: { periodSeconds: Number(s.RATE_LIMIT_PERIOD_SECONDS), highCallers: s.HIGH_LIMIT_CALLERS },
      upstream: {
        timeoutMs: s.UPSTREAM_TIMEOUT_MS,
        maxRetries: s.UPSTREAM_MAX_RETRIES,
        budgetMs: s.UPSTREAM_BUDGET_MS,
        backoffMs: s.UPSTREAM_BACKOFF_MS,
      },
      ...monitorSettings(s),
      tasks: tasksSettings(s),
      spend: spendSettings(s),
      archive: archiveSettings(s),
      keys: keysSettings(s),
    },
  };
}
