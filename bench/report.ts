// The benchmark's table, its machine line, and the files it writes.
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import { version as wranglerVersion } from "../node_modules/wrangler/package.json";

/** One line of the table: `measured` is kie-edge as configured, `ablation` its twin running its own code only. */
export interface Row {
  figure: string;
  measured: string;
  ablation?: string;
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

/** The rows as a markdown table; with an ablation column when any row has one. */
export function table(rows: Row[]): string {
  const mark = (r: Row) => (r.ok === undefined ? "" : r.ok ? "✅" : "❌");
  if (!rows.some((r) => r.ablation !== undefined)) {
    return [
      "| figure | measured | goal | |",
      "|---|---|---|---|",
      ...rows.map((r) => `| ${r.figure} | ${r.measured} | ${r.goal ?? ""} | ${mark(r)} |`),
    ].join("\n");
  }
  return [
    "| figure | as configured | own code only (ablation) | goal | |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.figure} | ${r.measured} | ${r.ablation ?? ""} | ${r.goal ?? ""} | ${mark(r)} |`),
  ].join("\n");
}

/**
 * Prints the table and, unless `write` is false, writes bench/results.json and BENCHMARKS.md (`method` says how each
 * figure is taken).
 *
 * @example
 * ```ts
 * await report(rows, { machine: machine(), settings: "5 rounds of 5 s", method })
 * ```
 */
export async function report(
  rows: Row[],
  about: { machine: string; settings: string; method: string; write?: boolean },
): Promise<void> {
  const at = new Date().toISOString();
  console.log(`\n${table(rows)}\n\n${about.machine}; ${about.settings}`);
  // A subset of the sections is printed only: the files hold whole runs.
  if (about.write === false) return;
  const json = { at, machine: about.machine, settings: about.settings, rows };
  await writeFile("bench/results.json", `${JSON.stringify(json, null, 2)}\n`);
  // Sections other benchmarks keep between their own markers (bench:tasks, bench:check) survive this rewrite.
  const previous = await readFile("BENCHMARKS.md", "utf8").catch(() => "");
  const kept = [...previous.matchAll(/<!-- bench:[\w-]+:start -->[\s\S]*?<!-- bench:[\w-]+:end -->\n*/g)]
    .map((m) => m[0])
    .join("");
  await writeFile(
    "BENCHMARKS.md",
    `# kie-edge benchmarks

Latest run: ${at}, on ${about.machine}; ${about.settings}. Everything runs on one machine over loopback — the
load generator, the \`wrangler dev\` processes and the kie.ai simulator share its cores — so read the ratios and the
differences, each given as median [min–max] over interleaved rounds, not the absolute numbers. Each figure is given
twice: **as configured** (kie-edge's own wrangler.toml: the emulated rate-limit bindings and the static-assets
router in front) and **own code only (ablation)** (the same \`src/index\` with those two taken away; see "How each
figure is measured"). A goal names the column it is judged on.

${table(rows)}

${about.method}

${kept}## Reproduce

\`\`\`sh
npm ci && npm run bench        # BENCH_ROUNDS=5 BENCH_SECONDS=5 by default; BENCH_ONLY=hit,proxied,... for a subset
npm run bench:check            # the proxied call measured again by an independent client (its own section above)
npm run bench:tasks            # admission, callback → relay under load, uploads (its own section above)
\`\`\`

The numbers above are rewritten by every run; \`bench/results.json\` holds the same in JSON.
`,
  );
}
