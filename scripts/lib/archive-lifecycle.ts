// Whether the archive's two retention rules agree: ARCHIVE_RETENTION_DAYS in wrangler.toml (the coordinator's
// sweep) and the bucket's lifecycle rule in r2-lifecycle.json (R2's own deletion).

/**
 * The retention wrangler.toml gives the sweep, and the age (in days) at which the lifecycle rule deletes.
 *
 * @example
 * ```ts
 * const { retentionDays, ruleDays } = lifecycleDays(tomlText, lifecycleJson)
 * ```
 */
export function lifecycleDays(toml: string, lifecycle: string): { retentionDays: number; ruleDays: number } {
  const retentionDays = Number(/^ARCHIVE_RETENTION_DAYS = "(\d+)"/m.exec(toml)?.[1] ?? Number.NaN);
  const rules = (JSON.parse(lifecycle) as { rules: Rule[] }).rules;
  const rule = rules.find((r) => r.enabled && r.deleteObjectsTransition);
  const seconds = rule?.deleteObjectsTransition?.condition.maxAge ?? Number.NaN;
  return { retentionDays, ruleDays: seconds / 86_400 };
}

interface Rule {
  enabled: boolean;
  conditions?: { prefix?: string };
  deleteObjectsTransition?: { condition: { type: string; maxAge: number } };
  abortMultipartUploadsTransition?: { condition: { type: string; maxAge: number } };
}
