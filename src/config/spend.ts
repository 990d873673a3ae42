import * as z from "zod/mini";
import { jsonObject, refuse } from "./fields";

/** What a model costs, in credits, as the operator priced it: exact names, `prefix*` patterns, and `*`. */
export interface ModelPrices {
  exact: Record<string, number>;
  /** `[prefix, credits]`, longest prefix first: the most specific pattern wins. */
  prefixes: [string, number][];
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

/**
 * A model pattern of `CALLER_POLICIES` and `MODEL_PRICES`: a task's name exactly (`nano-banana-2`,
 * `veo/veo3_fast`), a prefix and `*` (`veo/*`, `nano-banana*`), or `*` alone.
 */
export const MODEL_PATTERN = /^(\*|[A-Za-z0-9._\-/:]{1,128}\*?)$/;

/** `MODEL_PRICES`: JSON, a model name or pattern (`"veo/veo3_fast"`, `"veo/*"`, `"*"`) → credits. */
const ModelPricesField = z.transform((value: unknown, ctx): ModelPrices => {
  const prices: ModelPrices = { exact: {}, prefixes: [] };
  const raw = jsonObject(value, ctx, 'model → credits, e.g. {"google/*": 4, "*": 10}');
  for (const [key, credits] of Object.entries(raw ?? {})) {
    if (!MODEL_PATTERN.test(key))
      return refuse(ctx, `has a key '${key.slice(0, 64)}' that is not a model name, a prefix* pattern or *`);
    if (typeof credits !== "number" || !Number.isFinite(credits) || credits < 0) {
      return refuse(ctx, `gives '${key}' a price that is not a number of credits ≥ 0`);
    }
    if (key === "*") prices.fallback = credits;
    else if (key.endsWith("*")) prices.prefixes.push([key.slice(0, -1), credits]);
    else prices.exact[key] = credits;
  }
  prices.prefixes.sort(([a], [b]) => b.length - a.length);
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
