/**
 * A sliding window of sends (epoch ms): at most `limit` in any `windowMs`. Unlike fixed buckets, no two bursts can
 * meet at a bucket edge and double the rate. A send is counted from when it is let go until it has finished
 * (`open`, then `close` with its finish time): it reaches the other side somewhere in between, so counting it at
 * its finish — and as taking a slot while it is under way — keeps the receiver's own window within the limit however
 * long a send takes to get there. The finished sends can be kept somewhere that outlives the object (the
 * coordinator's SQLite), so a restart cannot forget what kie.ai has already seen.
 *
 * @example
 * ```ts
 * const window = new SlidingWindow()
 * if (window.nextSlotAt(Date.now(), 20, 10_000) <= Date.now()) window.open()
 * // … send, then:
 * window.close(Date.now())
 * ```
 */
export class SlidingWindow {
  #events: number[];
  #open = 0;

  constructor(events: readonly number[] = []) {
    this.#events = [...events].sort((a, b) => a - b);
  }

  /** Records a send that started and finished at `at`. */
  add(at: number): void {
    this.#insert(at);
  }

  /** A send under way: it holds a slot until `close`. */
  open(): void {
    this.#open++;
  }

  /** The send under way finished at `at`: it counts from then. */
  close(at: number): void {
    this.#open = Math.max(0, this.#open - 1);
    this.#insert(at);
  }

  /**
   * The earliest time at or after `now` when one more send keeps every window at `limit` or under; `Infinity` while
   * sends under way take every slot (a `close` frees one).
   */
  nextSlotAt(now: number, limit: number, windowMs: number): number {
    const free = limit - 1 - this.#open;
    if (free < 0) return Number.POSITIVE_INFINITY;
    const pivot = this.#events[this.#events.length - 1 - free];
    return pivot === undefined ? now : Math.max(now, pivot + windowMs);
  }

  /**
   * When the next `count` sends could go, at the earliest, one after another (sends under way counted as finishing
   * now): the k-th may go once the send `limit` places before it has left the window. An estimate, for waits.
   */
  slotsFrom(now: number, limit: number, windowMs: number, count: number): number[] {
    const times = [...this.#events.slice(-limit), ...Array.from({ length: this.#open }, () => now)].slice(-limit);
    const slots: number[] = [];
    for (let k = 0; k < count; k++) {
      const oldest = times.length >= limit ? (times[times.length - limit] ?? 0) : Number.NEGATIVE_INFINITY;
      const at = Math.max(now, oldest + windowMs);
      times.push(at);
      slots.push(at);
    }
    return slots;
  }

  /** Nothing under way and nothing in the window (after `prune`): the window can be let go. */
  get idle(): boolean {
    return this.#open === 0 && this.#events.length === 0;
  }

  /** Forgets events that can no longer matter (older than `windowMs` before `now`); returns the cutoff. */
  prune(now: number, windowMs: number): number {
    const cutoff = now - windowMs;
    const keep = this.#events.findIndex((at) => at >= cutoff);
    this.#events = keep < 0 ? [] : this.#events.slice(keep);
    return cutoff;
  }

  // Sends finish out of order now and then; the list stays sorted.
  #insert(at: number): void {
    let i = this.#events.length;
    while (i > 0 && (this.#events[i - 1] ?? 0) > at) i--;
    this.#events.splice(i, 0, at);
  }
}
