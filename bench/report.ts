// The benchmark's table, its machine line, and the files it writes.
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import { version as wranglerVersion } from "../node_modules/wrangler/package.json";

/** One line of the table. */
export interface Row {
  figure: string;
  measured: string;
  goal?: string;
  ok?: boolean;
}

/** The machine, the toolchain and its load, for the report's first line. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Linux ${release()}; Node ${process.version}; wrangler ${wranglerVersion}; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}

/** The rows as a markdown table. */
export function table(rows: Row[]): string {
  return [
    "| figure | measured | goal | |",
    "|---|---|---|---|",
    ...rows.map(
      (r) => `| ${r.figure} | ${r.measured} | ${r.goal ?? ""} | ${r.ok === undefined ? "" : r.ok ? "✅" : "❌"} |`,
    ),
  ].join("\n");
}

/**
 * Prints the table and writes bench/results.json and BENCHMARKS.md (`method` says how each figure is taken).
 *
 * @example
 * ```ts
 * await report(rows, { machine: machine(), settings: "5 rounds of 5 s", method })
 * ```
 */
export async function report(rows: Row[], about: { machine: string; settings: string; method: string }): Promise<void> {
  const at = new Date().toISOString();
  console.log(`\n${table(rows)}\n\n${about.machine}; ${about.settings}`);
  await writeFile("bench/results.json", `${JSON.stringify({ at, ...about, method: undefined, rows }, null, 2)}\n`);
  // Sections other benchmarks keep between their own markers (bench:tasks) survive this rewrite.
  const previous = await readFile("BENCHMARKS.md", "utf8").catch(() => "");
  const kept = [...previous.matchAll(/<!-- bench:[\w-]+:start -->[\s\S]*?<!-- bench:[\w-]+:end -->\n*/g)]
    .map((m) => m[0])
    .join("");
  await writeFile(
    "BENCHMARKS.md",
    `# kie-edge benchmarks

Latest run: ${at}, on ${about.machine}; ${about.settings}. Everything runs on one machine over loopback — the
load generator, the \`wrangler dev\` processes and the kie.ai simulator share its cores — so read the ratios, each
given as median [min–max] over interleaved rounds, not the absolute numbers.

${table(rows)}

${about.method}

${kept}## Reproduce

\`\`\`sh
npm ci && npm run bench        # BENCH_ROUNDS=5 BENCH_SECONDS=5 by default
npm run bench:tasks            # admission, callback → relay, uploads (its own section above)
\`\`\`

The numbers above are rewritten by every run; \`bench/results.json\` holds the same in JSON.
`,
  );
}
