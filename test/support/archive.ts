import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { ArchiveJob } from "../../src/archive";
import worker from "../../src/index";
import { type Ask, ask, askRaw, workerFetch } from "./gateway";
import { sim } from "./network";
import { settled } from "./tasks";

/** A test with archiving on: its settings, and the jobs the coordinator sent to the archive queue, held here. */
export interface Archiving {
  /** The settings to ask the gateway with (archiving on, the queue caught). */
  env: Record<string, unknown>;
  /** Jobs sent and not yet delivered (`deliver` and `drain` take them). */
  jobs: ArchiveJob[];
  ask(path: string, options?: Ask): ReturnType<typeof ask>;
  askRaw(path: string, options?: Ask): ReturnType<typeof askRaw>;
}

/**
 * Turns archiving on for one test (the suites run with it off): the coordinator's jobs are caught instead of
 * queued, so the test delivers them to the real consumer when and as often as it wants. kie.ai's callbacks reach
 * the gateway with the same settings.
 */
export function archiving(settings: Record<string, unknown> = {}): Archiving {
  const jobs: ArchiveJob[] = [];
  const queue = {
    send: async (body: ArchiveJob) => void jobs.push(body),
    sendBatch: async (messages: { body: ArchiveJob }[]) => void jobs.push(...messages.map((m) => m.body)),
  };
  const testEnv = { ARCHIVING: "on", ARCHIVE_QUEUE: queue, ...settings };
  sim.state.sendCallback = (url, init) => workerFetch(new Request(url, init), testEnv);
  return {
    env: testEnv,
    jobs,
    ask: (path, options = {}) => ask(path, { ...options, env: { ...testEnv, ...options.env } }),
    askRaw: (path, options = {}) => askRaw(path, { ...options, env: { ...testEnv, ...options.env } }),
  };
}

/**
 * One delivery of `jobs` to the queue's consumer, as attempt `attempts`: which were acknowledged, which retried and
 * after how long. (A batch of our own: the plugin's `getQueueResult` does not keep a retry's delay.)
 */
export async function deliver(jobs: ArchiveJob[], attempts = 1, settings: Record<string, unknown> = {}) {
  const acked: string[] = [];
  const retried: { msgId: string; delaySeconds?: number }[] = [];
  const messages = jobs.map((body, i) => ({
    id: `job-${i}`,
    timestamp: new Date(),
    attempts,
    body,
    ack: () => void acked.push(`job-${i}`),
    retry: (options?: QueueRetryOptions) => void retried.push({ msgId: `job-${i}`, ...options }),
  }));
  const batch = {
    queue: "kie-edge-archive",
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: (options?: QueueRetryOptions) => {
      for (const m of messages) m.retry(options);
    },
  } as unknown as MessageBatch<unknown>;
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...settings } as Env, ctx);
  await waitOnExecutionContext(ctx);
  await settled();
  return { acked, retried };
}

/** Delivers every caught job, one at a time, until each is acknowledged (retried as the queue would): their count. */
export async function drain(archive: Archiving): Promise<number> {
  let delivered = 0;
  while (archive.jobs.length > 0) {
    const job = archive.jobs.shift() as ArchiveJob;
    for (let attempts = 1; ; attempts++) {
      delivered++;
      if ((await deliver([job], attempts)).acked.length > 0) break;
    }
  }
  return delivered;
}

/** The bytes of a response, as hex SHA-256. */
export async function sha256Of(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
