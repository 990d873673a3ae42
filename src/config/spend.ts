import * as z from "zod/mini";
import { jsonObject, refuse } from "./fields";

/** What a model costs, in credits, as the operator priced it: exact ids, `family/*` patterns, and `*`. */
export interface ModelPrices {
  exact: Record<string, number>;
  families: Record<string, number>;
  /** What a model with no price and no recent history counts as; absent: unknown. */
  fallback?: number;
}

/** When spend no caller of kie-edge explains is worth an alert: both figures must be passed. */
export interface UnattributedAlert {
  credits: number;
  /** A fraction of the balance's drop over the interval. */
  share: number;
}

/** The ledger's settings. */
export interface SpendSettings {
  prices: ModelPrices;
  /** Unset: no unattributed-spend alerts. */
  unattributed?: UnattributedAlert;
}

const PRICE_KEY = /^(\*|[A-Za-z0-9][A-Za-z0-9._-]*\/(\*|[A-Za-z0-9][A-Za-z0-9._-]*))$/;

/** `MODEL_PRICES`: JSON, `"family/model"`, `"family/*"` or `"*"` → credits. */
const ModelPricesField = z.transform((value: unknown, ctx): ModelPrices => {
  const prices: ModelPrices = { exact: {}, families: {} };
  const raw = jsonObject(value, ctx, 'model → credits, e.g. {"google/*": 4, "*": 10}');
  for (const [key, credits] of Object.entries(raw ?? {})) {
    if (!PRICE_KEY.test(key))
      return refuse(ctx, `has a key '${key.slice(0, 64)}' that is not family/model, family/* or *`);
    if (typeof credits !== "number" || !Number.isFinite(credits) || credits < 0) {
      return refuse(ctx, `gives '${key}' a price that is not a number of credits ≥ 0`);
    }
    if (key === "*") prices.fallback = credits;
    else if (key.endsWith("/*")) prices.families[key.slice(0, -2)] = credits;
    else prices.exact[key] = credits;
  }
  return prices;
});

/** `UNATTRIBUTED_SPEND_ALERT`: `<credits>,<percent>%` (both must be passed), or `off`. */
const UnattributedField = z.transform((value: unknown, ctx): UnattributedAlert | undefined => {
  if (value === undefined || (typeof value === "string" && !value.trim())) return { credits: 50, share: 0.1 };
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (text === "off") return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*%$/.exec(text);
  const percent = Number(match?.[2]);
  if (!match || percent > 100) return refuse(ctx, 'must be "<credits>,<percent>%" (e.g. "50,10%") or "off"');
  return { credits: Number(match[1]), share: percent / 100 };
});

/** The ledger's settings, by environment name. */
export const spendShape = {
  MODEL_PRICES: ModelPricesField,
  UNATTRIBUTED_SPEND_ALERT: UnattributedField,
};

type SpendEnv = { [K in keyof typeof spendShape]: z.output<(typeof spendShape)[K]> };

/** The parsed ledger settings. */
export function spendSettings(s: SpendEnv): SpendSettings {
  return {
    prices: s.MODEL_PRICES,
    ...(s.UNATTRIBUTED_SPEND_ALERT ? { unattributed: s.UNATTRIBUTED_SPEND_ALERT } : {}),
  };
}
