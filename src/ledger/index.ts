export type { UsageCoordinator } from "./coordination";
export type { CreditSource } from "./estimate";
export type { Period } from "./periods";
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
  type UsageRow,
} from "./store";
