// Saving a finished task's result files, shared by the examples: from kie-edge's archive (R2) when it keeps them,
// so nothing races kie.ai's short-lived links; else through /download, which asks kie.ai for a fresh link.
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { hc } from "hono/client";
import type { AppType } from "../src/app";

type Client = ReturnType<typeof hc<AppType>>;
/** What the archive says of one file. */
type Listed = { index: number; state: string };
// Copies still under way when this is first asked settle within seconds for pictures, a minute or so for videos.
const ARCHIVE_WAIT_MS = 90_000;

/**
 * Saves result file `i` of `urls` as `outDir/names(i)`, each streamed to disk (constant memory), printing where each
 * came from. Waits (bounded) for kie-edge to finish archiving the task; a file it does not keep (archiving off, a
 * refused copy) is fetched through /download instead.
 */
export async function saveResults(
  kieEdge: Client,
  taskId: string,
  urls: string[],
  outDir: string,
  names: (i: number) => string,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const archived = await archivedFiles(kieEdge, taskId);
  for (const [i, url] of urls.entries()) {
    const kept = archived.has(i);
    const res = kept
      ? await kieEdge.api.v1.archive[":taskId"][":index"].$get({ param: { taskId, index: String(i) } })
      : await kieEdge.api.v1.common.download.$get({ query: { url } });
    if (!res.ok || !res.body) throw new Error(`saving file ${i} failed: HTTP ${res.status}`);
    const file = join(outDir, names(i));
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(file));
    console.log(`saved ${i + 1}/${urls.length} ${file} (${kept ? "from kie-edge's archive" : "through /download"})`);
  }
}

// The indexes of the task's archived files, once none is pending any more (or the wait is over).
async function archivedFiles(kieEdge: Client, taskId: string): Promise<Set<number>> {
  const until = Date.now() + ARCHIVE_WAIT_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 4000)) {
    const res = await kieEdge.api.v1.archive[":taskId"].$get({ param: { taskId } });
    // hc types only the success answer (refusals come in kie-edge's envelope), so the status is widened here.
    const status: number = res.status;
    // No archive here (503), or none for this task after a few tries (archiving off): /download it is.
    if (status === 503 || (status === 404 && delay > 2000)) return new Set();
    if (res.ok) {
      const files = ((await res.json()).data as { files: Listed[] }).files;
      const settled = files.length > 0 && files.every((f) => f.state !== "pending");
      if (settled || Date.now() > until) {
        return new Set(files.filter((f) => f.state === "archived").map((f) => f.index));
      }
    } else {
      await res.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
