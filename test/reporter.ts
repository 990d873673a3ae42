// Prints the tables suites leave in test/artifacts/report-*.md (fault injection, soak) after the run, so they
// show in CI's log even though logs of passing tests are kept quiet.
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Reporter } from "vitest/node";

const DIR = join(import.meta.dirname, "artifacts");

async function reports(): Promise<string[]> {
  return (await readdir(DIR).catch(() => [] as string[])).filter((f) => /^report-.*\.md$/.test(f)).sort();
}

export default class ReportTables implements Reporter {
  // Tables of an earlier run must not pass for this one's.
  async onInit(): Promise<void> {
    for (const file of await reports()) await rm(join(DIR, file));
  }

  async onTestRunEnd(): Promise<void> {
    for (const file of await reports()) process.stdout.write(`\n${await readFile(join(DIR, file), "utf8")}`);
  }
}
