// A benchmark's own section of BENCHMARKS.md, between its markers, so several benchmarks share the file.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const FILE = join(import.meta.dirname, "../../BENCHMARKS.md");

/**
 * Puts `body` in BENCHMARKS.md between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`: replaced when
 * the markers are there, else added before "## Reproduce". `npm run bench` keeps such sections when it rewrites
 * the file.
 *
 * @example
 * ```ts
 * await writeSection("tasks", "## Tasks …\n\n| figure | … |")
 * ```
 */
export async function writeSection(name: string, body: string): Promise<void> {
  const [start, end] = [`<!-- bench:${name}:start -->`, `<!-- bench:${name}:end -->`];
  const section = `${start}\n${body.trim()}\n${end}`;
  const text = await readFile(FILE, "utf8").catch(() => "# kie-edge benchmarks\n");
  const at = text.indexOf(start);
  const until = text.indexOf(end);
  let next: string;
  if (at >= 0 && until > at) next = `${text.slice(0, at)}${section}${text.slice(until + end.length)}`;
  else if (text.includes("\n## Reproduce")) next = text.replace("\n## Reproduce", `\n${section}\n\n## Reproduce`);
  else next = `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(FILE, next);
}
