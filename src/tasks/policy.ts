import type { CallerPolicy } from "../config";

/**
 * Whether a caller's policy lets it use `model`: no policy, or no model list, allows every model; otherwise an
 * exact id or a `family/*` pattern must match.
 *
 * @example
 * ```ts
 * modelAllowed({ admin: false, models: ["google/*"] }, "google/imagen4-fast") // true
 * modelAllowed({ admin: false, models: ["google/*"] }, "seedream/4.5-edit") // false
 * ```
 */
export function modelAllowed(policy: CallerPolicy | undefined, model: string): boolean {
  if (!policy?.models) return true;
  return policy.models.some((pattern) =>
    pattern.endsWith("/*") ? model.startsWith(pattern.slice(0, -1)) : model === pattern,
  );
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
