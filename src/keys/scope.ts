import type { Budget, CallerPolicy } from "../config";
import type { KeyFacts } from "./model";

/**
 * What a request made with a runtime key may do: the key's own scope, narrowing its caller's `CALLER_POLICIES`
 * entry (`base`) where both speak.
 * - models: a task's name must match both lists (each list alone where only one is set; neither: every model);
 * - budgets: per period, the key's when it sets one, else the policy's;
 * - admin: the key's own flag only — a key is admin only if it was created admin, whatever the caller's policy;
 * - tier: the key's.
 *
 * @example
 * ```ts
 * keyPolicy({ models: ["veo/*"], admin: false, tier: "standard", ... }, { admin: true, models: ["veo/veo3_fast", "suno/*"] })
 * // { admin: false, tier: "standard", models: ["veo/veo3_fast"] }
 * ```
 */
export function keyPolicy(facts: KeyFacts, base: CallerPolicy | undefined): CallerPolicy {
  const models =
    facts.models && base?.models ? narrowModels(facts.models, base.models) : (facts.models ?? base?.models);
  const daily = facts.budgets?.daily ?? base?.budget?.daily;
  const monthly = facts.budgets?.monthly ?? base?.budget?.monthly;
  const budget: Budget | undefined =
    daily === undefined && monthly === undefined
      ? undefined
      : { ...(daily !== undefined ? { daily } : {}), ...(monthly !== undefined ? { monthly } : {}) };
  return { admin: facts.admin, tier: facts.tier, ...(models ? { models } : {}), ...(budget ? { budget } : {}) };
}

/**
 * The patterns that match exactly the names both lists allow. A pattern is a name or a `prefix*`, so two
 * patterns overlap in one of them or not at all: a name within a prefix, the longer of two nested prefixes.
 *
 * @example
 * ```ts
 * narrowModels(["veo/*", "suno/V5"], ["veo/veo3_fast", "suno/*"]) // ["veo/veo3_fast", "suno/V5"]
 * ```
 */
export function narrowModels(a: readonly string[], b: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of a) {
    for (const q of b) {
      const both = overlap(p, q);
      if (both !== undefined) out.add(both);
    }
  }
  return [...out];
}

function overlap(p: string, q: string): string | undefined {
  const [pp, qp] = [p.endsWith("*"), q.endsWith("*")];
  if (!pp && !qp) return p === q ? p : undefined;
  if (pp && !qp) return q.startsWith(p.slice(0, -1)) ? q : undefined;
  if (!pp && qp) return p.startsWith(q.slice(0, -1)) ? p : undefined;
  const [a, b] = [p.slice(0, -1), q.slice(0, -1)];
  return a.startsWith(b) ? p : b.startsWith(a) ? q : undefined;
}
