// The ledger as a plain class over a Durable Object's SQLite: reservations and their settlement, budget periods in
// UTC, and what pruning keeps.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { LedgerStore } from "../../src/ledger";
import { coordinator } from "../support/coordinator";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 23, 0);
const prices = { exact: {}, prefixes: [["google/", 2]] as [string, number][] };
const budget = { daily: 5 };

function withLedger(test: (ledger: LedgerStore) => void) {
  return runInDurableObject(coordinator(), (_, state) => {
    test(new LedgerStore(state.storage.sql, (fn) => state.storage.transactionSync(fn)));
  });
}

describe("LedgerStore", () => {
  it("holds estimates until settled, and counts the day a task was created, in UTC", () =>
    withLedger((ledger) => {
      const task = (ref: string, now = NOW) => ({
        ref,
        caller: "web",
        model: "google/imagen4-fast",
        family: "jobs",
        now,
      });
      expect(ledger.reserve(task("a"), budget, prices)).toBeUndefined();
      expect(ledger.reserve(task("b"), budget, prices)).toBeUndefined();
      expect(ledger.reserve(task("c"), budget, prices)?.use).toMatchObject({ spent: 0, reserved: 4, left: 1 });
      ledger.accepted("a", "task_a");
      ledger.settle("a", { state: "success", reported: 3, now: NOW }, prices);
      ledger.settle("b", { state: "fail", now: NOW }, prices);
      expect(ledger.budgetUse("web", budget, NOW)).toEqual([
        {
          period: "daily",
          key: "2026-11-25",
          limit: 5,
          spent: 3,
          reserved: 0,
          left: 2,
          resetsAt: NOW + DAY - 23 * 3_600_000,
        },
      ]);
      // An hour later it is another UTC day, with its budget whole.
      expect(ledger.budgetUse("web", budget, NOW + 3_600_000)[0]).toMatchObject({ key: "2026-11-26", left: 5 });
    }));

  it("forgets rows past 400 days and reservations whose send never got an answer", () =>
    withLedger((ledger) => {
      ledger.reserve(
        { ref: "old", caller: "web", model: "google/x", family: "jobs", now: NOW - 401 * DAY },
        undefined,
        prices,
      );
      ledger.accepted("old", "task_old");
      ledger.reserve(
        { ref: "lost", caller: "web", model: "google/x", family: "jobs", now: NOW - 2 * 3_600_000 },
        undefined,
        prices,
      );
      ledger.reserve({ ref: "new", caller: "web", model: "google/x", family: "jobs", now: NOW }, undefined, prices);
      ledger.prune(NOW);
      expect(ledger.budgetUse("web", budget, NOW)[0]).toMatchObject({ reserved: 2 });
      expect(ledger.usage(NOW - 500 * DAY, NOW + 1, ["caller"])).toEqual([]);
    }));

  it("owes each budget alert once per caller and period, and again in the next period", () =>
    withLedger((ledger) => {
      const spend = (ref: string, credits: number, now: number) => {
        ledger.reserve({ ref, caller: "web", model: "google/x", family: "jobs", now }, undefined, prices);
        ledger.settle(ref, { state: "success", reported: credits, now }, prices);
        return ledger.crossings("web", budget, now).map((c) => `${c.level} ${c.use.key}`);
      };
      expect(spend("a", 4, NOW)).toEqual(["threshold 2026-11-25"]);
      expect(spend("b", 0.5, NOW)).toEqual([]);
      expect(spend("c", 1, NOW)).toEqual(["exhausted 2026-11-25"]);
      expect(spend("d", 1, NOW)).toEqual([]);
      expect(spend("e", 5, NOW + 3_600_000)).toEqual(["exhausted 2026-11-26"]);
    }));
});
