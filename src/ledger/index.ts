export type { UsageCoordinator } from "./coordination";
export { type CreditSource, estimateOf, priceOf, reportedCredits } from "./estimate";
export { PERIODS, type Period, periodOf } from "./periods";
export { budgetRefusal } from "./refusal";
export {
  type BudgetCrossing,
  type BudgetRefusal,
  type BudgetUse,
  GROUPS,
  type Group,
  LEDGER_RETENTION_MS,
  LedgerStore,
  type Settled,
  THRESHOLD_SHARE,
  type UsageRow,
} from "./store";
