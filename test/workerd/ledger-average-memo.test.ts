// Every create asks the ledger for its model's recent average; the answer is kept a minute per model, but a new
// report for the model is seen by the very next estimate.
import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { LedgerStore } from "../../src/ledger";
import { coordinator } from "../support/coordinator";

const NOW = Date.UTC(2026, 10, 25, 12, 0);
const noPrices = { exact: {}, prefixes: [] };

it("estimates from the latest reports, not from a kept average", () =>
  runInDurableObject(coordinator(), (_, state) => {
    const ledger = new LedgerStore(state.storage.sql, (fn) => state.storage.transactionSync(fn));
    const done = (ref: string, credits: number, model = "suno/v5") => {
      ledger.reserve({ ref, caller: "web", model, family: "suno", now: NOW }, undefined, noPrices);
      ledger.settle(ref, { state: "success", reported: credits, now: NOW }, noPrices);
    };
    expect(ledger.estimate(noPrices, "suno/v5", NOW)).toBeNull();
    done("a", 10);
    expect(ledger.estimate(noPrices, "suno/v5", NOW)).toBe(10);
    done("b", 20);
    expect(ledger.estimate(noPrices, "suno/v5", NOW)).toBe(15);
    // Another model's report leaves this one's average as it was.
    done("c", 100, "veo/veo3");
    expect(ledger.estimate(noPrices, "suno/v5", NOW + 1)).toBe(15);
    // Past the month the average covers, its reports no longer count, kept or not.
    expect(ledger.estimate(noPrices, "suno/v5", NOW + 31 * 86_400_000)).toBeNull();
  }));
