import type { Context } from "hono";
import { ArchiveLookup, archiveLinkKey } from "../archive";
import { type Config, type ConfigResult, parseConfig, secretsOf } from "../config";
import type { AccountCoordinator, AppEnv, Services } from "../http";
import { type KeyLevels, keyEntries } from "../keys";
import { kvLinkStore, type LinkDeps, linkRule, twoLevelCache } from "../links";
import { sha256Hex } from "../net";
import { FinalRecords } from "../tasks";
import { createKieClient, type KieClient } from "../upstream";
import { isolate } from "./isolate";

export { isolate, resetIsolate } from "./isolate";

/**
 * The settings for an `env`, parsed once per isolate (Workers hand every request the same `env` object).
 *
 * @example
 * ```ts
 * const result = configFor(env)
 * ```
 */
export function configFor(env: object): ConfigResult {
  let result = isolate.configs.get(env);
  if (!result) {
    result = parseConfig(env);
    isolate.configs.set(env, result);
    if (result.ok) isolate.linkMemory.capacity = result.config.linkMemoryEntries;
  }
  return result;
}

/**
 * The kie.ai client for a config, built once per isolate.
 *
 * @example
 * ```ts
 * const { data: balance } = await kieFor(config).credit()
 * ```
 */
export function kieFor(config: Config): KieClient {
  let kie = isolate.kieClients.get(config);
  if (!kie) {
    kie = createKieClient({
      baseUrl: config.kieBaseUrl,
      apiKey: config.kieApiKey,
      secrets: secretsOf(config),
      ...config.upstream,
    });
    isolate.kieClients.set(config, kie);
  }
  return kie;
}

/**
 * What the routes of one request use, each built on first use: the client and the link cache (memory, then KV
 * with its trouble logged on this request and its writes kept alive with `waitUntil`).
 *
 * @example
 * ```ts
 * c.set("services", servicesFor(c, config))
 * ```
 */
export function servicesFor(c: Context<AppEnv>, config: Config): Services {
  return new RequestServices(c, config);
}

// A class, not an object literal with getters: V8 builds such a literal on a slow path, ~1 µs on every request.
class RequestServices implements Services {
  readonly #c: Context<AppEnv>;
  readonly #config: Config;
  #links: LinkDeps | undefined;
  #keys: KeyLevels | undefined;
  readonly tokenDigests = isolate.tokenDigests;

  constructor(c: Context<AppEnv>, config: Config) {
    this.#c = c;
    this.#config = config;
  }

  get kie(): KieClient {
    return kieFor(this.#config);
  }

  get links(): LinkDeps {
    const c = this.#c;
    this.#links ??= linkDepsFor(c.env, this.#config, c.executionCtx, kvTroubleOf(c));
    return this.#links;
  }

  get linkRule() {
    return linkRule(this.#config.fileHosts, this.#config.kieBaseUrl);
  }

  tokenDigest(token: string): Promise<string> {
    return digestOf(token);
  }

  get coordinator(): AccountCoordinator {
    return coordinatorFor(this.#c.env);
  }

  get finalRecords(): FinalRecords {
    return new FinalRecords(this.#c.env.STORE, isolate.finalRecords);
  }

  get archived(): ArchiveLookup {
    return new ArchiveLookup(this.#c.env.STORE, isolate.archived);
  }

  archiveLinkKey(): Promise<Uint8Array | undefined> {
    return archiveLinkKeyFor(this.#config);
  }

  get keys(): KeyLevels {
    this.#keys ??= keyLevelsFor(this.#c, this.#config);
    return this.#keys;
  }
}

// A presented token's SHA-256, remembered for the isolate's next requests.
function digestOf(token: string): Promise<string> {
  return isolate.presentedDigests.remember(token, () => sha256Hex(token));
}

// The key archive links are signed with, derived once per root secret; none without CALLBACK_SIGNING_KEY.
async function archiveLinkKeyFor(config: Config): Promise<Uint8Array | undefined> {
  const root = config.tasks.callbackKey;
  if (!root) return undefined;
  let key = isolate.archiveLinkKeys.get(root);
  if (!key) {
    key = await archiveLinkKey(root);
    isolate.archiveLinkKeys.set(root, key);
  }
  return key;
}

/**
 * The account coordinator: one Durable Object for the whole account. It reads its settings from its own env; the
 * Worker sends it only what a request asks.
 *
 * @example
 * ```ts
 * const report = await coordinatorFor(env).check(Date.now(), true)
 * ```
 */
export function coordinatorFor(env: Env): AccountCoordinator {
  // A stub answers the object's methods with the same values, typed through RPC's wrappers.
  return env.COORDINATOR.getByName("account") as unknown as AccountCoordinator;
}

// KV trouble on this request: noted in its log line and warned about with its request id.
function kvTroubleOf(c: Context<AppEnv>): (op: "get" | "put" | "delete") => void {
  return (op) => {
    c.get("log").kvError = op;
    console.warn({ level: "warn", msg: "kv_error", op, requestId: c.get("requestId") });
  };
}

// Where a runtime key is looked up: the isolate's memory, KV (unless KEY_KV_CACHE=off), then the coordinator.
function keyLevelsFor(c: Context<AppEnv>, config: Config): KeyLevels {
  return {
    memory: isolate.verifiedKeys,
    ...(config.keys.kv ? { kv: keyEntries(c.env.STORE, kvTroubleOf(c)) } : {}),
    ask: (hash) => coordinatorFor(c.env).verifyKey(hash),
    now: Date.now,
  };
}

/**
 * The link cache (memory, then KV with its trouble told to `onError` and its writes kept alive by `ctx`) and the
 * client, for a request or a queue's batch.
 *
 * @example
 * ```ts
 * const links = linkDepsFor(env, config, ctx, (op) => console.warn({ msg: "kv_error", op }))
 * ```
 */
export function linkDepsFor(
  env: Env,
  config: Config,
  ctx: Pick<ExecutionContext, "waitUntil">,
  onError: (op: "get" | "put" | "delete") => void,
): LinkDeps {
  const kv = () =>
    kvLinkStore({
      kv: env.STORE,
      minRemainingMs: config.linkMinRemainingMs,
      now: Date.now,
      waitUntil: (p) => ctx.waitUntil(p),
      onError,
    });
  const cache = twoLevelCache(isolate.linkMemory, kv, { now: Date.now, minRemainingMs: config.linkMinRemainingMs });
  return { cache, kie: kieFor(config), calls: isolate.linkCalls };
}

/**
 * The composition root as middleware: parses the settings (once per isolate) and puts them, and the request's
 * services, on the context for everything after it.
 *
 * @example
 * ```ts
 * app.use(secureHeaders(), requestId(), init(), accessLog())
 * ```
 */
export function init() {
  return async function init(c: Context<AppEnv>, next: () => Promise<void>) {
    const result = configFor(c.env);
    c.set("configResult", result);
    if (result.ok) {
      c.set("config", result.config);
      c.set("services", servicesFor(c, result.config));
    }
    await next();
  };
}
