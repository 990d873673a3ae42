import type { Budget } from "../config";
import type { BudgetUse, Group, UsageRow } from "./store";

/** The ledger as its owner (the account coordinator, a Durable Object) answers for it. */
export interface UsageCoordinator {
  /** Tasks created in [`from`, `to`), grouped; `caller`'s rows only when given; per-day unattributed spend with `day`. */
  usage(
    from: number,
    to: number,
    groups: Group[],
    caller?: string,
  ): Promise<{ rows: UsageRow[]; unattributed: { day: string; credits: number }[] }>;
  /** Where each caller stands against its budgets now. */
  budgets(callers: { caller: string; budget?: Budget }[]): Promise<{ caller: string; budgets: BudgetUse[] }[]>;
}
