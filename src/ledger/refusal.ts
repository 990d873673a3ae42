import type { BudgetRefusal } from "./store";

/**
 * What a caller refused for its budget is told: which budget, what is spent, what is held for tasks in flight, what
 * is left, what the task would have cost, and when the budget resets.
 *
 * @example
 * ```ts
 * budgetRefusal("web", refusal) // "caller 'web' is over its daily budget of 10 credits: …"
 * ```
 */
export function budgetRefusal(caller: string, { use, estimate }: BudgetRefusal): string {
  const cost =
    estimate === null ? "this model's cost is not known and nothing is left" : `this task is estimated at ${estimate}`;
  return (
    `caller '${caller}' is over its ${use.period} budget of ${use.limit} credits: ${use.spent} spent, ` +
    `${use.reserved} held for tasks in flight, ${use.left} left, and ${cost}; ` +
    `the budget resets at ${new Date(use.resetsAt).toISOString()} (CALLER_POLICIES)`
  );
}
