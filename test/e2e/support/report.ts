import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const ARTIFACTS = join(import.meta.dirname, "../../artifacts");

/**
 * Writes a markdown table to test/artifacts/, where the test reporter prints it at the end of `npm test`.
 *
 * @example
 * ```ts
 * await saveReport("faults", "| scenario | ... |\n|---|...")
 * ```
 */
export async function saveReport(name: string, markdown: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, `report-${name}.md`), `${markdown}\n`);
}
