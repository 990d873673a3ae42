import type { Clock } from "../../src/net";

/**
 * A clock that moves only when told: `sleep` waits for `advance` to pass its time, so code that waits on timers
 * (admission, retries) runs in order without a real second passing.
 */
export class FakeClock implements Clock {
  t = Date.UTC(2026, 10, 25, 12);
  #timers: { at: number; resolve: () => void }[] = [];

  now = (): number => this.t;
  random = (): number => 0.5;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.#timers.push({ at: this.t + Math.max(0, ms), resolve });
    });

  /** Moves time forward by `ms`, firing each timer at its own time and letting what it wakes run. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await settle();
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.t = next.at;
      next.resolve();
    }
    this.t = target;
    await settle();
  }
}

// Lets every queued promise callback run (a macrotask comes after all microtasks).
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
