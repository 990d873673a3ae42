// `npm run size`: the upload size `wrangler deploy --dry-run --minify` reports, i.e. what Cloudflare would
// receive. With --check it fails when the gzip size is over the budget the issues set.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** Gzip budget of the deployed bundle, KiB. */
const BUDGET_KIB = 40;

const outdir = await mkdtemp(join(tmpdir(), "kie-edge-size-"));
try {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--minify", "--outdir", outdir],
    { env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
  );
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  if (!match) throw new Error(`wrangler did not report a size:\n${stdout}`);
  const [, raw, gzip] = match.map(Number) as [number, number, number];
  console.log(`bundle: ${raw} KiB, gzip ${gzip} KiB (budget ${BUDGET_KIB} KiB gzip)`);
  if (process.argv.includes("--check") && gzip > BUDGET_KIB) {
    console.error(`over budget by ${(gzip - BUDGET_KIB).toFixed(2)} KiB`);
    process.exitCode = 1;
  }
} finally {
  await rm(outdir, { recursive: true, force: true });
}
