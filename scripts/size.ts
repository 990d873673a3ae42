// `npm run size`: the upload size `wrangler deploy --dry-run --minify` reports, i.e. what Cloudflare would
// receive. With --check it fails when the gzip size is over the budget the issues set.
import { bundleSize } from "./lib/bundle-size";

/**
 * Gzip budget of the deployed bundle, KiB: the project's budget for the whole Worker, everything in (the gateway
 * alone was held to 40, then 50 with the OpenAPI document and dashboard, 64 with tasks and the ledger, 72 with every family; see README, Performance, and BENCHMARKS.md).
 */
const BUDGET_KIB = 72;

const { rawKiB, gzipKiB } = await bundleSize();
console.log(`bundle: ${rawKiB} KiB, gzip ${gzipKiB} KiB (budget ${BUDGET_KIB} KiB gzip)`);
if (process.argv.includes("--check") && gzipKiB > BUDGET_KIB) {
  console.error(`over budget by ${(gzipKiB - BUDGET_KIB).toFixed(2)} KiB`);
  process.exitCode = 1;
}
