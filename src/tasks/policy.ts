import type { CallerPolicy } from "../config";

/**
 * Whether a model name matches a pattern: an exact name, `prefix*` (`veo/*`, `nano-banana*`), or `*`.
 *
 * @example
 * ```ts
 * matches("veo/*", "veo/veo3_fast") // true
 * ```
 */
export function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/**
 * Whether a caller's policy lets it use the task `name` (`google/imagen4-fast`, `veo/veo3_fast`, `suno/wav`): no
 * policy, or no model list, allows every one; otherwise one of its patterns must match.
 *
 * @example
 * ```ts
 * modelAllowed({ admin: false, models: ["google/*"] }, "google/imagen4-fast") // true
 * modelAllowed({ admin: false, models: ["veo/*"] }, "suno/V5") // false
 * ```
 */
export function modelAllowed(policy: CallerPolicy | undefined, name: string): boolean {
  if (!policy?.models) return true;
  return policy.models.some((pattern) => matches(pattern, name));
}

/**
 * Whether a caller sees every task, not only its own.
 *
 * @example
 * ```ts
 * isAdmin(config.tasks.policies, "ops")
 * ```
 */
export function isAdmin(policies: Record<string, CallerPolicy>, caller: string): boolean {
  return policies[caller]?.admin === true;
}
