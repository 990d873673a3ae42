// kie-edge's own wrangler.toml, rewritten for a test harness: another entry module and/or higher rate limits.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");

/** What a harness changes in kie-edge's wrangler.toml. */
export interface Variant {
  /** Another entry module (a wrapper around the real worker), relative to the repository. */
  main?: string;
  /** Every [[ratelimits]] limit raised to this, for suites that send more than a caller may. */
  rateLimit?: number;
}

/**
 * Writes the variant config into `dir` and answers its path. Paths in a config are relative to it, and this one
 * lives elsewhere, so they are made absolute.
 *
 * @example
 * ```ts
 * const config = await writeVariant(dir, { rateLimit: 1_000_000 })
 * ```
 */
export async function writeVariant(dir: string, variant: Variant): Promise<string> {
  let toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  toml = toml.replace(
    /^main = "(.*)"$/m,
    (_, main: string) => `main = ${JSON.stringify(join(ROOT, variant.main ?? main))}`,
  );
  toml = toml.replace(/^directory = "(.*)"$/m, (_, dir: string) => `directory = ${JSON.stringify(join(ROOT, dir))}`);
  if (variant.rateLimit) toml = toml.replace(/limit = \d+/g, `limit = ${variant.rateLimit}`);
  const path = join(dir, "wrangler.toml");
  await writeFile(path, toml);
  return path;
}
