import type { ModelPrices } from "../config";

/** Where a task's credits figure came from. */
export type CreditSource = "reported" | "estimated" | "unknown";

/**
 * The operator's price for a model: its exact name, else the longest `prefix*` pattern it matches; undefined when
 * none is set.
 *
 * @example
 * ```ts
 * priceOf({ exact: {}, prefixes: [["veo/", 60]] }, "veo/veo3_fast") // 60
 * ```
 */
export function priceOf(prices: ModelPrices, model: string): number | undefined {
  return prices.exact[model] ?? prices.prefixes.find(([prefix]) => model.startsWith(prefix))?.[1];
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
