// kie-edge's own wrangler.toml, rewritten for a test harness: another entry module, higher rate limits, no assets.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");

/** What a harness changes in kie-edge's wrangler.toml. */
export interface Variant {
  /** Another entry module (a wrapper around the real worker), relative to the repository. */
  main?: string;
  /** Every [[ratelimits]] limit raised to this, for suites that send more than a caller may. */
  rateLimit?: number;
  /**
   * `false` drops the [assets] table: no static-assets router in front of the Worker and no ASSETS binding (the
   * Worker reads it only for /docs and /openapi.json). For benchmarks that take the platform's emulation away.
   */
  assets?: boolean;
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
  const toml = rewriteConfig(await readFile(join(ROOT, "wrangler.toml"), "utf8"), variant, ROOT);
  const path = join(dir, "wrangler.toml");
  await writeFile(path, toml);
  return path;
}

/**
 * kie-edge's wrangler.toml text with `variant` applied, its `main` and assets directory resolved against `base`
 * (the repository, or a copy of it).
 *
 * @example
 * ```ts
 * const toml = rewriteConfig(text, { main: "bench/workers/ablation.ts", assets: false }, snapshotDir)
 * ```
 */
export function rewriteConfig(toml: string, variant: Variant, base: string): string {
  let out = toml.replace(
    /^main = "(.*)"$/m,
    (_, main: string) => `main = ${JSON.stringify(join(base, variant.main ?? main))}`,
  );
  out = out.replace(/^directory = "(.*)"$/m, (_, dir: string) => `directory = ${JSON.stringify(join(base, dir))}`);
  if (variant.rateLimit) out = out.replace(/limit = \d+/g, `limit = ${variant.rateLimit}`);
  if (variant.assets === false) out = withoutTable(out, "assets");
  return out;
}

/** The TOML text without the table `[name]`: its header and every line up to the next table. */
function withoutTable(toml: string, name: string): string {
  const lines = toml.split("\n");
  const at = lines.findIndex((line) => line.trim() === `[${name}]`);
  if (at < 0) return toml;
  const next = lines.findIndex((line, i) => i > at && /^\s*\[/.test(line));
  lines.splice(at, (next < 0 ? lines.length : next) - at);
  return lines.join("\n");
}
