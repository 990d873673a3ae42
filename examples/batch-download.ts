// The kind of script kie.ai's docs show, rewritten against kie-edge with the typed client: check the credits
// before a batch, get download links for a list of generated files (with a progress line), then stream each file
// to disk. It holds no kie.ai key — only a kie-edge token.
//
//   KIE_EDGE_URL=https://kie-edge.<you>.workers.dev KIE_EDGE_TOKEN=... \
//     npx tsx examples/batch-download.ts ./downloads https://tempfile.aiquickdraw.com/r/a.png ...
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { hc } from "hono/client";
import type { AppType } from "../src/app";

const MIN_CREDITS = Number(process.env.MIN_CREDITS ?? 10);
const [outDir = "downloads", ...files] = process.argv.slice(2);
const base = process.env.KIE_EDGE_URL ?? "http://127.0.0.1:8787";
const headers = { Authorization: `Bearer ${process.env.KIE_EDGE_TOKEN ?? ""}` };
const kieEdge = hc<AppType>(base, { headers });

// 1. Credits first: a batch that runs dry half-way wastes the first half.
const credit = await (await kieEdge.api.v1.chat.credit.$get()).json();
if (credit.code !== 200) throw new Error(`cannot read the balance: ${credit.msg}`);
console.log(`balance: ${credit.data} credits`);
if (credit.data < MIN_CREDITS) {
  console.error(`fewer than ${MIN_CREDITS} credits left: top up before downloading`);
  process.exit(2);
}

// 2. Links for every file in one call; each succeeds or fails on its own.
const batch = await (await kieEdge.api.v1.common["download-urls"].$post({ json: { urls: files } })).json();
if (batch.code !== 200) throw new Error(`batch refused: ${batch.msg}`);
const ready = batch.data.filter((item) => "data" in item);
for (const item of batch.data) if ("error" in item) console.error(`skipped ${item.url}: ${item.error.msg}`);
console.log(`links: ${ready.length}/${files.length} ready (${ready.filter((i) => i.cached).length} from cache)`);

// 3. Stream each file to disk through kie-edge (constant memory, however big the video).
await mkdir(outDir, { recursive: true });
let done = 0;
for (const item of ready) {
  const url = String(item.url);
  const res = await kieEdge.api.v1.common.download.$get({ query: { url } });
  if (!res.ok || !res.body) throw new Error(`download of ${url} failed: HTTP ${res.status}`);
  await pipeline(Readable.fromWeb(res.body as never), createWriteStream(join(outDir, basename(new URL(url).pathname))));
  done++;
  process.stdout.write(`\rdownloaded ${done}/${ready.length}`);
}
process.stdout.write("\n");
