// The peer: Portkey's AI gateway (Hono on Workers), fetched from the npm registry at a pinned version into
// bench/.tmp (gitignored; nothing of it is committed) and run as a Worker by the same wrangler. Its npm package
// ships one Node build, build/start-server.js: Portkey's Worker app (src/index.ts, what its `wrangler deploy
// src/index.ts` deploys) followed by its Node entry (src/start-server.ts: argv, @hono/node-server's `serve`, the
// console UI, a Node websocket route). The bundle is cut where the Node entry starts and ends in
// `export default app`; the three packages only that entry uses (@hono/node-server, @hono/node-ws, ws) are aliased
// to a stub. Everything else — ioredis, https, fs/promises, the providers and plugins — is bundled as in its own
// Worker build, with its own compatibility date and flags (wrangler.toml: 2024-12-05, nodejs_compat).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

export const PORTKEY_VERSION = "1.15.2";
const INTEGRITY = "sha512-OuwwQEJ0rnKQuPgaCqyMpP+X5Uly2h9EBDm5Lx/NYu9MXTzB/nKrKgjd8J3vPGeNpYoyxTzKSzTV2tGv8Dd+fg==";
const DIR = join(import.meta.dirname, "../.tmp", `portkey-gateway-${PORTKEY_VERSION}`);
const PKG = join(DIR, "package");
const run = promisify(execFile);

/** The peer's config to start, or why it could not be had. */
export type Peer = { config: string } | { skipped: string };

/**
 * Fetches and prepares Portkey's gateway (once: later runs reuse bench/.tmp); never throws. A failure is said
 * loudly on stderr and answered as `{ skipped }`, for a row saying why.
 *
 * @example
 * ```ts
 * const peer = await preparePortkey()
 * if ("config" in peer) await startTarget("portkey", { config: peer.config, vars: {}, readyPath: "/" })
 * ```
 */
export async function preparePortkey(): Promise<Peer> {
  try {
    if (!existsSync(join(DIR, "ready"))) await fetchAndBuild();
    return { config: join(PKG, "wrangler.toml") };
  } catch (error) {
    const reason = (error as Error).message.split("\n").slice(0, 3).join(" ");
    console.error(`\nbench: PEER SKIPPED — Portkey's gateway ${PORTKEY_VERSION} could not be had: ${reason}\n`);
    return { skipped: reason };
  }
}

async function fetchAndBuild(): Promise<void> {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const packed = await npm(
    ["pack", `@portkey-ai/gateway@${PORTKEY_VERSION}`, "--json", "--pack-destination", DIR],
    DIR,
  );
  const [tarball] = JSON.parse(packed) as { filename: string; integrity: string }[];
  if (tarball?.integrity !== INTEGRITY) {
    throw new Error(
      `npm served @portkey-ai/gateway@${PORTKEY_VERSION} with integrity ${tarball?.integrity}, not the pinned one`,
    );
  }
  await run("tar", ["xzf", join(DIR, tarball.filename), "-C", DIR]);
  // Its runtime dependencies, as its package.json ranges resolve today; no install scripts (its postinstall is
  // patch-package, whose patches are not in the package: one changes async-retry for Retry-After handling only).
  await npm(["install", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund", "--no-package-lock"], PKG);
  const bundle = await readFile(join(PKG, "build/start-server.js"), "utf8");
  const nodeEntry = /const (\w+)=process\.argv\.slice\(2\)/.exec(bundle);
  const app = /(\w+)\.get\("\/",\(?\w+=>\w+\.text\("AI Gateway says hey!"\)/.exec(bundle);
  if (!nodeEntry || !app) throw new Error("build/start-server.js is not shaped as expected (no Node entry or app)");
  const worker = `${bundle.slice(0, nodeEntry.index).replace(/^#!.*\n/, "")}\nexport default ${app[1]};\n`;
  await writeFile(join(PKG, "worker.mjs"), worker);
  await writeFile(
    join(PKG, "node-only-stub.mjs"),
    'const unused = () => { throw new Error("Node-only: not part of the Worker"); };\n' +
      "export const serve = unused;\nexport const createNodeWebSocket = unused;\nexport default class WebSocket {}\n",
  );
  await writeFile(
    join(PKG, "wrangler.toml"),
    `name = "bench-portkey"
main = "worker.mjs"
compatibility_date = "2024-12-05"
compatibility_flags = ["nodejs_compat"]

[alias]
"@hono/node-server" = "./node-only-stub.mjs"
"@hono/node-ws" = "./node-only-stub.mjs"
"ws" = "./node-only-stub.mjs"

[vars]
ENVIRONMENT = "dev"
CUSTOM_HEADERS_TO_IGNORE = []
`,
  );
  await writeFile(join(DIR, "ready"), `${PORTKEY_VERSION} ${INTEGRITY}\n`);
}

async function npm(args: string[], cwd: string): Promise<string> {
  const [bin, pre] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ["npm", []];
  const { stdout } = await run(bin, [...pre, ...args], { cwd, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
