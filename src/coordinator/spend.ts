import { type BudgetCrossing, budgetRefusal, type LedgerStore, reportedCredits } from "../ledger";
import type { CreateRequest, Refusal, SpendHooks, TaskCallSettings } from "../tasks";
import type { TaskRecord } from "../upstream";

/**
 * The task desk's spend hooks, answered by the ledger: the budget check and reservation, the settlement of each
 * outcome, and the budget alerts a settlement crosses (handed to `onCrossings`, which raises them).
 *
 * @example
 * ```ts
 * new TaskDesk({ ..., spend: new LedgerHooks(ledger, (crossings, settings) => raiseBudgetAlerts(crossings)) })
 * ```
 */
export class LedgerHooks implements SpendHooks {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly onCrossings: (crossings: BudgetCrossing[], settings: TaskCallSettings) => void,
    private readonly now: () => number = Date.now,
  ) {}

  reserve(ref: string, request: CreateRequest, settings: TaskCallSettings): Refusal | undefined {
    const { caller, model } = request;
    const budget = settings.tasks.policies[caller]?.budget;
    const refused = this.ledger.reserve({ ref, caller, model, now: this.now() }, budget, settings.spend.prices);
    return refused && { status: 402, msg: budgetRefusal(caller, refused) };
  }

  accepted(ref: string, taskId: string): void {
    this.ledger.accepted(ref, taskId);
  }

  release(ref: string): void {
    this.ledger.release(ref);
  }

  settled(ref: string, record: TaskRecord, settings: TaskCallSettings): void {
    const now = this.now();
    const state = record.state === "success" ? "success" : "fail";
    const done = this.ledger.settle(ref, { state, reported: reportedCredits(record), now }, settings.spend.prices);
    if (!done) return;
    const crossings = this.ledger.crossings(done.caller, settings.tasks.policies[done.caller]?.budget, now);
    if (crossings.length > 0) this.onCrossings(crossings, settings);
  }
}
