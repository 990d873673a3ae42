import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const ARTIFACTS = fileURLToPath(new URL("../../artifacts/", import.meta.url));

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
  await writeFile(`${ARTIFACTS}report-${name}.md`, `${markdown}\n`);
}
