import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const WRANGLER = join(import.meta.dirname, "../../node_modules/wrangler/bin/wrangler.js");

/**
 * The upload size `wrangler deploy --dry-run --minify` reports — what Cloudflare would receive — in KiB.
 *
 * @example
 * ```ts
 * const { gzipKiB } = await bundleSize()
 * ```
 */
export async function bundleSize(): Promise<{ rawKiB: number; gzipKiB: number }> {
  const outdir = await mkdtemp(join(tmpdir(), "kie-edge-size-"));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [WRANGLER, "deploy", "--dry-run", "--minify", "--outdir", outdir],
      { env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
    );
    const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
    if (!match) throw new Error(`wrangler did not report a size:\n${stdout}`);
    return { rawKiB: Number(match[1]), gzipKiB: Number(match[2]) };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
