// The Worker's own JavaScript heap, read through wrangler dev's DevTools endpoint. Resident memory of a local
// workerd says little (the isolate has no 128 MB cap locally, so V8 lets garbage pile up before collecting);
// the heap left after a full collection is what a leak would grow.
import WebSocket from "ws";

/** One DevTools session with the Worker, kept open for a whole run. */
export interface DevTools {
  /** The used JS heap right after a full collection, MiB. */
  heapAfterGc(): Promise<number>;
  /** The used JS heap now, garbage included, MiB: sampled during work, its peak is what the work held at most. */
  heapUsed(): Promise<number>;
  close(): void;
}

/**
 * Opens one DevTools session for the whole measurement. It stays open on purpose: wrangler's DevTools proxy
 * forwards every request's network events to its client, and with no client reading them it falls behind and
 * stops answering. workerd ignores `HeapProfiler.collectGarbage`, but taking a heap snapshot collects first; the
 * snapshot itself is discarded. Console messages DevTools keeps are discarded first.
 *
 * @example
 * ```ts
 * const devtools = await openDevTools(dev.inspectorPort)
 * const before = await devtools.heapAfterGc()
 * ```
 */
export async function openDevTools(inspectorPort: number): Promise<DevTools> {
  const list = await fetch(`http://127.0.0.1:${inspectorPort}/json`, { signal: AbortSignal.timeout(10_000) });
  const url = ((await list.json()) as { webSocketDebuggerUrl: string }[])[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("wrangler dev lists no DevTools target");
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const waiting = new Map<number, (result: { usedSize?: number }) => void>();
  ws.on("message", (data) => {
    // wrangler's proxy answers some calls (a snapshot) by echoing them without a result: any message with the
    // call's id ends the wait.
    const message = JSON.parse(String(data)) as { id?: number; result?: { usedSize?: number } };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  });
  let id = 0;
  const call = (method: string) =>
    new Promise<{ usedSize?: number }>((resolve, reject) => {
      const mine = ++id;
      const timer = setTimeout(() => reject(new Error(`DevTools did not answer ${method}`)), 30_000);
      waiting.set(mine, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      ws.send(JSON.stringify({ id: mine, method }));
    });
  await call("HeapProfiler.enable");
  return {
    async heapAfterGc() {
      // DevTools keeps the last 1,000 console messages and what they log alive (~2 MiB of log lines): a local
      // debugging aid, not the Worker's memory. They are let go before measuring.
      await call("Runtime.discardConsoleEntries");
      await call("HeapProfiler.takeHeapSnapshot");
      return ((await call("Runtime.getHeapUsage")).usedSize ?? 0) / 2 ** 20;
    },
    async heapUsed() {
      return ((await call("Runtime.getHeapUsage")).usedSize ?? 0) / 2 ** 20;
    },
    close: () => ws.close(),
  };
}
