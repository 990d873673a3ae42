import { afterAll, beforeAll } from "vitest";
import { type LoopbackReceiver, startReceiver } from "../../../scripts/lib/webhook-receiver";

/**
 * A loopback webhook receiver for one test file: listening before the file's tests (and before a `useStack`
 * declared after it boots), closed after them. Read and steer it as the receiver itself (`url`, `posts`, `status`).
 *
 * @example
 * ```ts
 * const hook = useReceiver()
 * const stack = useStack(() => ({ ALERT_WEBHOOK_URL: hook.url }))
 * ```
 */
export function useReceiver(): LoopbackReceiver {
  let hook: LoopbackReceiver | undefined;
  beforeAll(async () => {
    hook = await startReceiver();
  });
  afterAll(() => hook?.close());
  const live = () => {
    if (!hook) throw new Error("the receiver starts in beforeAll: use it inside hooks and tests");
    return hook;
  };
  return new Proxy({} as LoopbackReceiver, {
    get: (_, key) => Reflect.get(live(), key),
    set: (_, key, value) => Reflect.set(live(), key, value),
  });
}
