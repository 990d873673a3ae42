// Cold start: (1) the startup CPU wrangler's own profiler reports for each Worker's minified bundle (`wrangler
// deploy --dry-run --minify --outfile`, then `wrangler check startup --worker`: the isolate loading the script and
// running its top level, in a local workerd), against Cloudflare's startup limit; (2) a fresh `wrangler dev` from
// spawn to the first 200 (bundling, a new workerd, the script's parse and its first request; wrangler's own share is
// what the constant Worker takes).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { median, spread } from "./lib/stats";
import { startTarget, type TargetOptions } from "./lib/targets";
import type { Row } from "./report";

const WRANGLER = join(import.meta.dirname, "../node_modules/wrangler/bin/wrangler.js");
/** Cloudflare's Worker startup limit as assumed here (wrangler states none: see BENCHMARKS.md, "Cold start"). */
export const STARTUP_LIMIT_MS = 1000;

/** How to start a Worker cold, and the config its bundle is built from. */
export type ColdOptions = TargetOptions & { config: string };

/**
 * kie-edge as configured and its ablation twin side by side, then the peer and the constant Worker.
 *
 * @example
 * ```ts
 * rows.push(...(await coldStart({ edge, ablation, peer, constant }, { starts: 2, profiles: 3 })))
 * ```
 */
export async function coldStart(
  t: { edge: ColdOptions; ablation: ColdOptions; peer?: ColdOptions; constant: ColdOptions },
  how: { starts: number; profiles: number },
): Promise<Row[]> {
  const measure = async (name: string, options: ColdOptions) => {
    const profile = await startupProfile(options.config, how.profiles);
    const starts: number[] = [];
    for (let i = 0; i < how.starts; i++) {
      const target = await startTarget(`${name} (cold start ${i + 1})`, { ...options, readyPollMs: 20 });
      starts.push(target.startMs);
      await target.dev.stop();
    }
    return {
      active: median(profile.activeMs),
      cpu: `${spread(profile.activeMs, 1)} ms (${profile.samples} samples); bundle ${profile.gzipKiB} KiB gzip, ${profile.rawKiB} KiB raw`,
      first: `${spread(starts, 0)} ms`,
    };
  };
  const edge = await measure("kie-edge", t.edge);
  const ablation = await measure("ablation twin", t.ablation);
  const constant = await measure("constant", t.constant);
  const peer = t.peer ? await measure("peer", t.peer) : undefined;
  const limit = `≤ ${STARTUP_LIMIT_MS} ms (Cloudflare's startup limit, assumed)`;
  return [
    {
      figure: "cold start: startup CPU (wrangler check startup on the minified bundle)",
      measured: edge.cpu,
      ablation: ablation.cpu,
      goal: limit,
      ok: edge.active <= STARTUP_LIMIT_MS,
    },
    {
      figure: `cold start: fresh wrangler dev, spawn → first 200 (the constant Worker: ${constant.first})`,
      measured: edge.first,
      ablation: ablation.first,
    },
    peer
      ? {
          figure: "cold start, peer (Portkey): startup CPU; spawn → first 200",
          measured: `${peer.cpu}; ${peer.first}`,
          goal: limit,
          ok: peer.active <= STARTUP_LIMIT_MS,
        }
      : { figure: "cold start, peer (Portkey) SKIPPED", measured: "not available: see the proxied-call rows" },
  ];
}

async function startupProfile(config: string, times: number) {
  const dir = await mkdtemp(join(tmpdir(), "kie-edge-startup-"));
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [WRANGLER, ...args], {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 300_000,
    });
  try {
    const bundle = join(dir, "worker.bundle");
    const built = await run(["deploy", "--dry-run", "--minify", "--config", config, "--outfile", bundle]);
    const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(built.stdout);
    const activeMs: number[] = [];
    let samples = 0;
    for (let i = 0; i < times; i++) {
      const { stdout } = await run([
        "check",
        "startup",
        "--worker",
        bundle,
        "--outfile",
        join(dir, "startup.cpuprofile"),
      ]);
      const active = /Active: ([\d.]+) ms/.exec(stdout);
      if (!active) throw new Error(`wrangler check startup reported no active time for ${config}:\n${stdout}`);
      activeMs.push(Number(active[1]));
      samples = Number(/Samples: (\d+)/.exec(stdout)?.[1] ?? 0);
    }
    return { activeMs, samples, rawKiB: Number(size?.[1] ?? 0), gzipKiB: Number(size?.[2] ?? 0) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
