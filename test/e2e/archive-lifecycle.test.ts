// The archive's two retention rules say the same: the coordinator's sweep (ARCHIVE_RETENTION_DAYS) and the bucket's
// lifecycle rule that `npm run archive:setup` applies (r2-lifecycle.json), which also drops abandoned uploads.
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { lifecycleDays } from "../../scripts/lib/archive-lifecycle";

it("deletes archived files after ARCHIVE_RETENTION_DAYS, and abandoned uploads after a day", async () => {
  const [toml, lifecycle] = await Promise.all([
    readFile("wrangler.toml", "utf8"),
    readFile("r2-lifecycle.json", "utf8"),
  ]);
  const { retentionDays, ruleDays } = lifecycleDays(toml, lifecycle);
  expect(retentionDays).toBe(90);
  expect(ruleDays).toBe(retentionDays);
  const [rule] = JSON.parse(lifecycle).rules;
  expect(rule.conditions).toEqual({ prefix: "v1/" });
  expect(rule.abortMultipartUploadsTransition.condition).toEqual({ type: "Age", maxAge: 86_400 });
});
