import { type ArchiveJob, copyJob } from "./archive";
import { FileFetchError, fetchFile, fileId, linkRule, resolveLink } from "./links";
import { configFor, coordinatorFor, linkDepsFor } from "./services";
import { UpstreamError } from "./upstream";

/**
 * The archive queue's consumer (`[[queues.consumers]]` in wrangler.toml): each message copies one result file into
 * R2 (see `copyJob`), acknowledged when done with, retried later when it may yet succeed.
 *
 * @example
 * ```ts
 * export default { fetch: app.fetch, scheduled: onSchedule, queue: onArchiveBatch } satisfies ExportedHandler<Env>
 * ```
 */
export async function onArchiveBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const result = configFor(env);
  if (!result.ok || !env.ARCHIVE) {
    console.error({
      level: "error",
      msg: "misconfigured",
      trigger: "queue",
      problems: result.ok ? ["no ARCHIVE bucket"] : result.problems,
    });
    batch.retryAll();
    return;
  }
  const { config } = result;
  const links = linkDepsFor(env, config, ctx, (op) =>
    console.warn({ level: "warn", msg: "kv_error", op, trigger: "queue" }),
  );
  const rule = linkRule(config.fileHosts, config.kieBaseUrl);
  const deps = {
    coordinator: coordinatorFor(env),
    bucket: env.ARCHIVE,
    link: async (url: string) => (await resolveLink(fileId(new URL(url)), links, { fresh: true })).link,
    fetch: (link: string) => fetchFile(link, { method: "GET" as const, timeoutMs: config.upstream.timeoutMs, rule }),
    maxBytes: config.archive.maxFileBytes,
    retrySeconds: config.archive.retrySeconds,
    // kie.ai refusing the file (422: no longer kept) will not pass; anything else on the way may.
    retryable: (err: unknown) =>
      err instanceof FileFetchError || (err instanceof UpstreamError && !(err.failure === "code" && err.code === 422)),
  };
  for (const message of batch.messages) {
    if (!isJob(message.body)) {
      console.error({ level: "error", msg: "archive_message_invalid", id: message.id });
      message.ack();
      continue;
    }
    const outcome = await copyJob(message.body, message.attempts, deps);
    if (outcome.ack) message.ack();
    else message.retry({ delaySeconds: outcome.delaySeconds });
  }
}

function isJob(body: unknown): body is ArchiveJob {
  const job = body as ArchiveJob | null;
  return typeof job?.ref === "string" && Number.isInteger(job.index) && job.index >= 0;
}
