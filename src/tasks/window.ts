/**
 * A sliding window of events (epoch ms): at most `limit` in any `windowMs`. Unlike fixed buckets, no two bursts
 * can meet at a bucket edge and double the rate. `load`/`save` keep the events somewhere that outlives the object
 * (the coordinator's SQLite), so a restart cannot forget what kie.ai has already seen.
 *
 * @example
 * ```ts
 * const window = new SlidingWindow()
 * if (window.nextSlotAt(Date.now(), 20, 10_000) <= Date.now()) window.add(Date.now())
 * ```
 */
export class SlidingWindow {
  #events: number[];

  constructor(events: readonly number[] = []) {
    this.#events = [...events].sort((a, b) => a - b);
  }

  /** Records an event at `at` (events come in time order). */
  add(at: number): void {
    this.#events.push(at);
  }

  /** The earliest time at or after `now` when one more event keeps every window at `limit` or under. */
  nextSlotAt(now: number, limit: number, windowMs: number): number {
    return this.slotsFrom(now, limit, windowMs, 1)[0] ?? now;
  }

  /**
   * When the next `count` events could happen, at the earliest, one after another: the k-th may come once the
   * event `limit` places before it has left the window.
   */
  slotsFrom(now: number, limit: number, windowMs: number, count: number): number[] {
    const times = this.#events.slice(-limit);
    const slots: number[] = [];
    for (let k = 0; k < count; k++) {
      const oldest = times.length >= limit ? (times[times.length - limit] ?? 0) : Number.NEGATIVE_INFINITY;
      const at = Math.max(now, oldest + windowMs);
      times.push(at);
      slots.push(at);
    }
    return slots;
  }

  /** Forgets events that can no longer matter (older than `windowMs` before `now`); returns the cutoff. */
  prune(now: number, windowMs: number): number {
    const cutoff = now - windowMs;
    const keep = this.#events.findIndex((at) => at >= cutoff);
    this.#events = keep < 0 ? [] : this.#events.slice(keep);
    return cutoff;
  }

  /** Events inside `[now - windowMs, now]`. */
  countAt(now: number, windowMs: number): number {
    return this.#events.filter((at) => at > now - windowMs && at <= now).length;
  }
}
