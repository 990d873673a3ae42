// The account-wide admission queue in front of kie.ai's task rate: a sliding window never over the rate, waiting
// callers served round-robin, and a wait too long refused at once with a truthful Retry-After.
import { describe, expect, it } from "vitest";
import { Admission, SlidingWindow } from "../../src/tasks";
import { FakeClock } from "../support/clock";

const LIMITS = { rate: 5, windowMs: 1_000, maxWaitMs: 60_000 };

function queue() {
  const clock = new FakeClock();
  const admitted: { caller: string; at: number }[] = [];
  const admission = new Admission(new SlidingWindow(), () => {}, clock);
  // Each send is answered the moment it goes, unless a test holds it.
  const ask = (caller: string, limits = LIMITS, hold = false) =>
    admission.admit(caller, limits).then((outcome) => {
      if (outcome.ok) admitted.push({ caller, at: clock.now() });
      if (outcome.ok && !hold) outcome.done();
      return outcome;
    });
  return { clock, admitted, ask };
}

/** The most events inside any window [t, t + windowMs). */
function peak(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe("task admission", () => {
  it("never lets more than the rate through in any sliding window, and wastes no slot", async () => {
    const { clock, admitted, ask } = queue();
    const all = Promise.all(Array.from({ length: 23 }, (_, i) => ask(`c${i % 3}`)));
    await clock.advance(5_000);
    await all;
    const start = admitted[0]?.at ?? 0;
    const times = admitted.map((a) => a.at - start);
    expect(times).toHaveLength(23);
    expect(peak(times, LIMITS.windowMs)).toBe(LIMITS.rate);
    // 23 at 5 per second: the last goes in the fifth window, at 4 s.
    expect(Math.max(...times)).toBe(4_000);
  });

  it("serves callers in turn: one caller's batch of 20 does not starve another's single task", async () => {
    const { clock, admitted, ask } = queue();
    const batch = Promise.all(Array.from({ length: 20 }, () => ask("batch")));
    await clock.advance(1);
    const single = ask("single");
    await clock.advance(10_000);
    await Promise.all([batch, single]);
    const position = admitted.findIndex((a) => a.caller === "single");
    // The first window's five were already in; "single" is the next but one at most.
    expect(position).toBeLessThanOrEqual(6);
  });

  it("holds a slot while a send is under way, and counts it from when kie.ai answered", async () => {
    const { clock, admitted, ask } = queue();
    const limits = { rate: 2, windowMs: 1_000, maxWaitMs: 60_000 };
    const held = await Promise.all([ask("a", limits, true), ask("b", limits, true)]);
    const third = ask("c", limits);
    // The two sends take 3 s to be answered: the third may not go meanwhile, however long ago they were let go.
    await clock.advance(3_000);
    expect(admitted).toHaveLength(2);
    for (const outcome of held) if (outcome.ok) outcome.done();
    await clock.advance(999);
    expect(admitted).toHaveLength(2);
    await clock.advance(1);
    await third;
    expect(admitted.map((a) => a.at)).toEqual([0, 0, 4_000].map((t) => t + (admitted[0]?.at ?? 0)));
  });

  it("refuses at once a request whose wait would pass the maximum, saying when to come back", async () => {
    const { clock, ask } = queue();
    const limits = { rate: 2, windowMs: 1_000, maxWaitMs: 1_500 };
    // Two a second: two go at once, two wait a second; a fifth would wait 2 s, and is told to come back after
    // 0.5 s, when its wait would be 1.5 s.
    const outcomes = ["a", "b", "c", "d", "e"].map((caller) => ask(caller, limits));
    expect(await outcomes[4]).toEqual({ ok: false, retryAfterMs: 500 });
    await clock.advance(1_000);
    expect((await Promise.all(outcomes.slice(0, 4))).map((o) => o.ok)).toEqual([true, true, true, true]);
  });
});
