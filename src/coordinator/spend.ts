import type { Budget, ModelPrices } from "../config";
import { type BudgetCrossing, budgetRefusal, type LedgerStore } from "../ledger";
import type { Refusal, SpendHooks } from "../tasks";

/** What the ledger's hooks read from the coordinator's settings. */
export interface SpendView {
  prices: ModelPrices;
}

/**
 * The task desk's spend hooks, answered by the ledger: the budget check and reservation, the settlement of each
 * outcome, and the budget alerts a settlement crosses (handed to `onCrossings`, which raises them).
 *
 * @example
 * ```ts
 * new TaskDesk({ ..., spend: new LedgerHooks(ledger, () => settings, (crossings) => raiseBudgetAlerts(crossings)) })
 * ```
 */
export class LedgerHooks implements SpendHooks {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly view: () => SpendView,
    private readonly onCrossings: (crossings: BudgetCrossing[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  reserve(ref: string, task: { caller: string; name: string; family: string; budget?: Budget }): Refusal | undefined {
    const row = { ref, caller: task.caller, model: task.name, family: task.family, now: this.now() };
    const refused = this.ledger.reserve(row, task.budget, this.view().prices);
    return refused && { reason: "over-budget", msg: budgetRefusal(task.caller, refused) };
  }

  accepted(ref: string, taskId: string): void {
    this.ledger.accepted(ref, taskId);
  }

  release(ref: string): void {
    this.ledger.release(ref);
  }

  settled(ref: string, outcome: { state: "success" | "fail"; reported?: number }): void {
    const now = this.now();
    const done = this.ledger.settle(ref, { ...outcome, now }, this.view().prices);
    if (!done) return;
    // The budget the task was held against, kept on its row: the same that admitted it.
    const crossings = this.ledger.crossings(done.caller, done.budget, now);
    if (crossings.length > 0) this.onCrossings(crossings);
  }
}
