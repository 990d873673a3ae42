import type { RecordKind } from "../families";
import type { Clock } from "../net";
import type { KieAnswer, KieClient, UpstreamResult } from "../upstream";
import { SlidingWindow } from "./window";

/** kie.ai allows about 10 record queries a second per key (the Market's documented figure, held for every family). */
const ACCOUNT_RATE = { rate: 10, windowMs: 1_100 };

type Limit = { window: SlidingWindow; rate: number; windowMs: number };

/**
 * Record polls of every family: concurrent polls of one task share one call, and every attempt — retries
 * included — holds a slot in the account-wide window and, where the family documents one (Suno, 4o: 3 a second),
 * in the task's own, until kie.ai has answered it.
 *
 * @example
 * ```ts
 * const polls = new RecordPolls(() => kie, systemClock)
 * const { data } = await polls.poll(kind, "task_123")
 * ```
 */
export class RecordPolls {
  readonly #account = new SlidingWindow();
  readonly #perTask = new Map<string, SlidingWindow>();
  readonly #polls = new Map<string, Promise<UpstreamResult<KieAnswer>>>();

  constructor(
    private readonly kie: () => KieClient,
    private readonly clock: Clock,
  ) {}

  /** The record of `taskId` at `kind`'s path, as kie.ai answers it. */
  poll(kind: RecordKind, taskId: string): Promise<UpstreamResult<KieAnswer>> {
    const key = `${kind.path}?${taskId}`;
    let poll = this.#polls.get(key);
    if (!poll) {
      const request = { method: "GET" as const, path: kind.path, query: { taskId } };
      poll = this.kie()
        .send(request, { gate: () => this.#paced(taskId, kind.perTask) })
        .finally(() => this.#polls.delete(key));
      this.#polls.set(key, poll);
    }
    return poll;
  }

  async #paced(taskId: string, perTask: RecordKind["perTask"]): Promise<() => void> {
    const limits: Limit[] = [{ window: this.#account, ...ACCOUNT_RATE }];
    if (perTask) limits.push({ window: this.#taskWindow(taskId), ...perTask });
    for (;;) {
      const now = this.clock.now();
      const at = Math.max(...limits.map((l) => l.window.nextSlotAt(now, l.rate, l.windowMs)));
      if (at <= now) {
        for (const l of limits) {
          l.window.prune(now, l.windowMs);
          l.window.open();
        }
        return () => {
          const done = this.clock.now();
          for (const l of limits) l.window.close(done);
          this.#forgetIdle(done);
        };
      }
      // Every slot held by a call under way: look again shortly.
      await this.clock.sleep(Number.isFinite(at) ? at - now : 50);
    }
  }

  #taskWindow(taskId: string): SlidingWindow {
    let window = this.#perTask.get(taskId);
    if (!window) {
      window = new SlidingWindow();
      this.#perTask.set(taskId, window);
    }
    return window;
  }

  // A task's window matters only while its calls are under way or in the last second: the map stays small.
  #forgetIdle(now: number): void {
    if (this.#perTask.size < 64) return;
    for (const [taskId, window] of this.#perTask) {
      window.prune(now, 5_000);
      if (window.idle) this.#perTask.delete(taskId);
    }
  }
}
