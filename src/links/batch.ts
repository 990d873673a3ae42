import type { HTTPException } from "hono/http-exception";
import type { BatchItem } from "../api/schemas";
import type { CallOptions, KieClient } from "../upstream/client";
import { UpstreamError } from "../upstream/errors";
import { Pacer } from "../upstream/pacer";
import type { LinkCache } from "./cache";
import { checkFileUrl } from "./file-url";
import { fileId } from "./key";
import { resolveLink } from "./resolver";

type Answer = DistributiveOmit<BatchItem, "url">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Checked = { raw: unknown; id: string } | { raw: unknown; error: { code: number; msg: string } };

export type { BatchItem };

/** What a batch needs. */
export interface BatchOptions {
  fileHosts: readonly string[];
  /** Upstream calls in flight at once, so a big batch stays inside kie.ai's account rate limit. */
  concurrency: number;
  deps: { cache: LinkCache; kie: KieClient };
  /** How an upstream failure reads to the caller (the status-mapping table). */
  toError: (err: UpstreamError) => HTTPException;
  /** One time budget for the whole batch: no upstream attempt starts after it. */
  budgetMs: number;
  /** Inputs from this position on are over the caller's rate limit: they answer `overLimit` and are not looked up. */
  admitted?: { count: number; overLimit: { code: number; msg: string } };
  now?: () => number;
}

/**
 * Resolves many file URLs at once: one answer per input, in input order. Each URL is checked on its own (a bad
 * one gets its 422 and the rest go on); duplicates — spellings of one file included — share one lookup; cache
 * hits never go upstream; misses go upstream with at most `concurrency` calls in flight, inside one time budget
 * for the whole batch (a URL not asked in time answers 504 in its slot), and a 429 or 455 from kie.ai holds back
 * every call of the batch for the wait kie.ai asked for; one URL's failure never fails the others. Inputs past the
 * caller's rate limit answer 429 in their slots.
 *
 * @example
 * ```ts
 * const { items, attempts } = await resolveBatch(urls, { fileHosts, concurrency: 5, deps, toError: toApiError })
 * ```
 */
export async function resolveBatch(
  urls: readonly unknown[],
  options: BatchOptions,
): Promise<{ items: BatchItem[]; attempts: number }> {
  const admitted = options.admitted?.count ?? urls.length;
  const checked = urls.map((raw, position): Checked => {
    if (position >= admitted && options.admitted) return { raw, error: options.admitted.overLimit };
    const result = checkFileUrl(raw, options.fileHosts);
    return "error" in result ? { raw, error: { code: 422, msg: result.error } } : { raw, id: fileId(result.url) };
  });

  const unique = [...new Set(checked.flatMap((item) => ("id" in item ? [item.id] : [])))];
  const answers = new Map<string, Answer>();
  let attempts = 0;
  const call = { deadline: (options.now ?? Date.now)() + options.budgetMs, pacer: new Pacer() };
  await forEachLimited(unique, options.concurrency, async (id) => {
    const answer = await answerFor(id, options, call);
    attempts += answer.attempts;
    answers.set(id, answer.item);
  });

  const items = checked.map(
    (item): BatchItem =>
      "id" in item
        ? // Every unique file was answered above.
          { url: item.raw, ...(answers.get(item.id) as Answer) }
        : { url: item.raw, error: item.error, cached: false, expiresAt: null },
  );
  return { items, attempts };
}

// One file's answer, and the upstream attempts behind it (0 for a cache hit).
async function answerFor(
  id: string,
  options: BatchOptions,
  call: CallOptions,
): Promise<{ item: Answer; attempts: number }> {
  try {
    const link = await resolveLink(id, options.deps, { call });
    const item = { data: link.link, cached: link.cached, expiresAt: new Date(link.expiresAt).toISOString() };
    return { item, attempts: link.attempts };
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    const mapped = options.toError(err);
    const item = { error: { code: mapped.status, msg: mapped.message }, cached: false as const, expiresAt: null };
    return { item, attempts: err.attempts };
  }
}

/**
 * Runs `task` over `items` with at most `limit` running at once: `limit` workers take the next item as each
 * finishes, so the pool stays full until the queue is empty.
 */
async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
