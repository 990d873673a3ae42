import { type Config, secretsOf } from "../config";
import { createKieClient, type KieClient } from "./client";

export {
  type CallOptions,
  type CreateTaskBody,
  createKieClient,
  type KieClient,
  TASK_ID,
  type TaskRecord,
  type UpstreamResult,
} from "./client";
export { UpstreamError, type UpstreamFailure } from "./errors";
export { Pacer } from "./pacer";

/**
 * The upstream client for a parsed config.
 *
 * @example
 * ```ts
 * const { data: balance } = await kieFor(c.get("config")).credit()
 * ```
 */
export function kieFor(config: Config): KieClient {
  return createKieClient({
    baseUrl: config.kieBaseUrl,
    apiKey: config.kieApiKey,
    secrets: secretsOf(config),
    ...config.upstream,
  });
}
export { forwardUpload, type UploadAnswer, type UploadForward, UploadTooLarge } from "./uploads";
