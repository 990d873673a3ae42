import type { ModelPrices } from "../config";

/** Where a task's credits figure came from. */
export type CreditSource = "reported" | "estimated" | "unknown";

/**
 * The operator's price for a model: its exact id, else its family's `family/*`; undefined when neither is set.
 *
 * @example
 * ```ts
 * priceOf({ exact: {}, families: { google: 4 } }, "google/imagen4-fast") // 4
 * ```
 */
export function priceOf(prices: ModelPrices, model: string): number | undefined {
  return prices.exact[model] ?? prices.families[model.slice(0, model.indexOf("/"))];
}

/**
 * What a task of `model` is expected to cost: the operator's price, else the model's recent average cost as kie.ai
 * reported it, else `MODEL_PRICES["*"]`; null when none is known.
 *
 * @example
 * ```ts
 * estimateOf(prices, "google/veo-3-1", () => undefined) // prices.fallback ?? null
 * ```
 */
export function estimateOf(
  prices: ModelPrices,
  model: string,
  recentAverage: (model: string) => number | undefined,
): number | null {
  return priceOf(prices, model) ?? recentAverage(model) ?? prices.fallback ?? null;
}

/**
 * The credits kie.ai says a task consumed, when its record says (⚠ `consumeCredits` or `creditsConsumed`, a
 * number or a numeric string); undefined otherwise.
 *
 * @example
 * ```ts
 * reportedCredits({ state: "success", consumeCredits: 12 }) // 12
 * ```
 */
export function reportedCredits(record: Record<string, unknown>): number | undefined {
  for (const field of ["consumeCredits", "creditsConsumed"]) {
    const value = record[field];
    const n = typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof n === "number" && Number.isFinite(n) && n >= 0) return n;
  }
  return undefined;
}
