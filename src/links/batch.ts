import { type CallOptions, Pacer, UpstreamError } from "../upstream";
import { checkFileUrl } from "./file-url";
import { fileId } from "./key";
import type { CachedLink } from "./kv-store";
import { type LinkDeps, type ResolvedLink, resolveLink } from "./resolver";

/** A refusal of one input before anything was asked: its status and why. */
export interface Refusal {
  code: number;
  msg: string;
}

/** What became of one input of a batch: a link (to kie-edge's archived copy, when `archived`), a refusal, or kie.ai's failure. */
export type BatchResult = { url: unknown } & (
  | { link: ResolvedLink; archived?: true }
  | { refused: Refusal }
  | { failed: UpstreamError }
);

/** What a batch needs. */
export interface BatchOptions {
  fileHosts: readonly string[];
  /** Upstream calls in flight at once, so a big batch stays inside kie.ai's account rate limit. */
  concurrency: number;
  deps: LinkDeps;
  /** One time budget for the whole batch: no upstream attempt starts after it. */
  budgetMs: number;
  /** How long the batch holds back after kie.ai's 429 or 455 that names no time: its account window. */
  holdMs: number;
  /** Inputs from this position on are over the caller's rate limit: they are refused as `overLimit`, unasked. */
  admitted?: { count: number; overLimit: Refusal };
  /** A link to kie-edge's own copy of a file it archived (the caller's), asked before the cache and kie.ai. */
  kept?: (id: string) => Promise<CachedLink | undefined>;
  now?: () => number;
}

type Checked = { url: unknown; id: string } | { url: unknown; refused: Refusal };
type Outcome = { link: ResolvedLink; archived?: true } | { failed: UpstreamError };

/**
 * Resolves many file URLs at once: one result per input, in input order. Each URL is checked on its own (a bad
 * one is refused with 422 and the rest go on); duplicates — spellings of one file included — share one lookup;
 * cache hits never go upstream; misses go upstream with at most `concurrency` calls in flight, inside one time
 * budget for the whole batch (a URL not asked in time fails with `budget`), and a 429 or 455 from kie.ai holds back
 * every later call of the batch for the wait kie.ai asked for (its window, when it names none); one URL's failure
 * never fails the others. Inputs past the
 * caller's rate limit are refused, unasked.
 *
 * @example
 * ```ts
 * const { results, attempts } = await resolveBatch(urls, { fileHosts, concurrency: 5, deps, budgetMs: 30_000, holdMs: 10_000 })
 * ```
 */
export async function resolveBatch(
  urls: readonly unknown[],
  options: BatchOptions,
): Promise<{ results: BatchResult[]; attempts: number }> {
  const admitted = options.admitted?.count ?? urls.length;
  const checked = urls.map((url, position): Checked => {
    if (position >= admitted && options.admitted) return { url, refused: options.admitted.overLimit };
    const result = checkFileUrl(url, options.fileHosts);
    return "error" in result ? { url, refused: { code: 422, msg: result.error } } : { url, id: fileId(result.url) };
  });

  const unique = [...new Set(checked.flatMap((item) => ("id" in item ? [item.id] : [])))];
  const outcomes = new Map<string, Outcome>();
  let attempts = 0;
  const call = {
    deadline: (options.now ?? Date.now)() + options.budgetMs,
    pacer: new Pacer(),
    holdMs: options.holdMs,
  };
  const archived = new Map<string, CachedLink>();
  if (options.kept) {
    const { kept } = options;
    const found = await Promise.all(unique.map(kept));
    for (const [i, id] of unique.entries()) {
      const link = found[i];
      if (link) archived.set(id, link);
    }
    for (const [id, link] of archived) {
      outcomes.set(id, { link: { ...link, cached: true, attempts: 0, coalesced: false }, archived: true });
    }
  }
  const asked = unique.filter((id) => !archived.has(id));
  await forEachLimited(asked, options.concurrency, async (id) => {
    const outcome = await outcomeOf(id, options.deps, call);
    attempts += "link" in outcome ? outcome.link.attempts : outcome.failed.attempts;
    outcomes.set(id, outcome);
  });

  // Every unique file was looked up above.
  const results = checked.map(
    (item): BatchResult => ("id" in item ? { url: item.url, ...(outcomes.get(item.id) as Outcome) } : item),
  );
  return { results, attempts };
}

async function outcomeOf(id: string, deps: LinkDeps, call: CallOptions): Promise<Outcome> {
  try {
    return { link: await resolveLink(id, deps, { call }) };
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    return { failed: err };
  }
}

// `limit` workers take the next item as each finishes, so the pool stays full until the queue is empty.
async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
