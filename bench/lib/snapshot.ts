// A copy of kie-edge's Worker as it stands now, for a `wrangler dev` that edits to the repository cannot reload.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rewriteConfig, type Variant } from "../../scripts/lib/wrangler-config";

const ROOT = join(import.meta.dirname, "../..");

/** A snapshot of the Worker: its config to pass to `wrangler dev --config`, and how to remove it. */
export interface WorkerSnapshot {
  config: string;
  remove(): Promise<void>;
}

/**
 * Copies what `wrangler dev` builds the Worker from (wrangler.toml, tsconfig.json, package.json, src/, the assets
 * directory and bench/workers/, where the benchmark's wrappers live) into a temporary directory, node_modules
 * linked, with `variant` applied to its config (another entry module, raised rate limits, no assets). `wrangler dev`
 * reloads its Worker whenever a watched file changes; pointed at the copy, a benchmark measures one Worker from
 * start to end even while others edit the repository.
 *
 * @example
 * ```ts
 * const snap = await snapshotWorker({ rateLimit: 1_000_000 })
 * const dev = await startWranglerDev({ config: snap.config, vars })
 * ```
 */
export async function snapshotWorker(variant: Variant = {}): Promise<WorkerSnapshot> {
  const dir = await mkdtemp(join(tmpdir(), "kie-edge-snapshot-"));
  const original = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  const assets = /^directory = "(.*)"$/m.exec(original)?.[1];
  await writeFile(join(dir, "wrangler.toml"), rewriteConfig(original, variant, dir));
  for (const file of ["tsconfig.json", "package.json"]) await cp(join(ROOT, file), join(dir, file));
  for (const folder of ["src", "bench/workers", ...(assets ? [assets] : [])]) {
    // wrangler's own scratch (.wrangler/) of earlier runs is not part of the Worker.
    const filter = (source: string) => !source.split("/").includes(".wrangler");
    await cp(join(ROOT, folder), join(dir, folder), { recursive: true, filter });
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { config: join(dir, "wrangler.toml"), remove: () => rm(dir, { recursive: true, force: true }) };
}
