// The Worker's own JavaScript heap, read through wrangler dev's DevTools endpoint. Resident memory of a local
// workerd says little (the isolate has no 128 MB cap locally, so V8 lets garbage pile up before collecting);
// the heap left after a full collection is what a leak would grow.
import WebSocket from "ws";

/**
 * The Worker's used JS heap right after a full collection, MiB. workerd's inspector ignores
 * `HeapProfiler.collectGarbage`, but taking a heap snapshot collects first; the snapshot itself is discarded.
 *
 * @example
 * ```ts
 * const before = await heapAfterGc(dev.inspectorPort)
 * ```
 */
export async function heapAfterGc(inspectorPort: number): Promise<number> {
  // wrangler's DevTools proxy is sometimes still attaching to the runtime, or slow under load: ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await askHeap(inspectorPort);
    } catch (error) {
      if (attempt === 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function askHeap(inspectorPort: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("wrangler dev lists no DevTools target");
  const ws = new WebSocket(url);
  try {
    return await new Promise<number>((resolve, reject) => {
      const send = (id: number, method: string) => ws.send(JSON.stringify({ id, method }));
      ws.on("open", () => {
        send(1, "HeapProfiler.enable");
        send(2, "HeapProfiler.takeHeapSnapshot");
        send(3, "Runtime.getHeapUsage");
      });
      ws.on("message", (data) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: { usedSize?: number } };
        if (message.id === 3 && message.result?.usedSize !== undefined) resolve(message.result.usedSize / 2 ** 20);
      });
      ws.on("error", reject);
      setTimeout(() => reject(new Error("DevTools did not answer")), 15_000);
    });
  } finally {
    ws.close();
  }
}
