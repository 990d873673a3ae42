// npm run archive:setup — creates what the results archive needs on a Cloudflare account, once: the R2 bucket, the
// archive queue and its dead-letter queue (names from wrangler.toml), and the bucket's lifecycle rule from
// r2-lifecycle.json — after checking that the rule deletes files when ARCHIVE_RETENTION_DAYS says (docs/archive.md).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lifecycleDays } from "./lib/archive-lifecycle";

const ROOT = join(import.meta.dirname, "..");
const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
const { retentionDays, ruleDays } = lifecycleDays(toml, readFileSync(join(ROOT, "r2-lifecycle.json"), "utf8"));
if (retentionDays !== ruleDays) {
  console.error(
    `r2-lifecycle.json deletes after ${ruleDays} days, ARCHIVE_RETENTION_DAYS says ${retentionDays}: make them agree`,
  );
  process.exit(1);
}
const named = (pattern: RegExp, what: string) => {
  const found = pattern.exec(toml)?.[1];
  if (!found) throw new Error(`wrangler.toml names no ${what}`);
  return found;
};
const bucket = named(/^bucket_name = "([^"]+)"/m, "archive bucket");
const queue = named(/^\[\[queues\.producers\]\][^[]*?queue = "([^"]+)"/m, "archive queue");
const dlq = named(/^dead_letter_queue = "([^"]+)"/m, "dead-letter queue");

const wrangler = (...args: string[]) => {
  console.log(`$ wrangler ${args.join(" ")}`);
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), ...args], {
      stdio: "inherit",
    });
  } catch {
    // Creating what exists already fails; the next step says whether anything is really wrong.
    console.log("  (continuing: it may exist already)");
  }
};
wrangler("r2", "bucket", "create", bucket);
wrangler("queues", "create", queue);
wrangler("queues", "create", dlq);
wrangler("r2", "bucket", "lifecycle", "set", bucket, "--file", join(ROOT, "r2-lifecycle.json"), "--force");
console.log(`archive ready: bucket ${bucket}, queue ${queue} (dead letters: ${dlq}), files kept ${retentionDays} days`);
