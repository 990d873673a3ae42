// Prints the tables suites leave in test/artifacts/report-*.md (fault injection, soak) after the run, so they
// show in CI's log even though logs of passing tests are kept quiet.
import { readdir, readFile, rm } from "node:fs/promises";
import type { Reporter } from "vitest/reporters";

const DIR = new URL("./artifacts/", import.meta.url);

async function reports(): Promise<string[]> {
  return (await readdir(DIR).catch(() => [] as string[])).filter((f) => /^report-.*\.md$/.test(f)).sort();
}

export default class ReportTables implements Reporter {
  // Tables of an earlier run must not pass for this one's.
  async onInit(): Promise<void> {
    for (const file of await reports()) await rm(new URL(file, DIR));
  }

  async onTestRunEnd(): Promise<void> {
    for (const file of await reports()) process.stdout.write(`\n${await readFile(new URL(file, DIR), "utf8")}`);
  }
}
