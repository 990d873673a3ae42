import * as z from "zod/mini";

/**
 * Rows read from SQLite, each checked against its schema. A row that does not fit is logged (its table and what
 * did not fit, never its values) and left out of the answer: never silently.
 *
 * @example
 * ```ts
 * const tasks = parseRows(sql.exec("SELECT * FROM tasks").toArray(), TaskRow, "tasks")
 * ```
 */
export function parseRows<T>(rows: unknown[], schema: z.ZodMiniType<T>, table: string): T[] {
  return rows.flatMap((raw) => {
    const row = z.safeParse(schema, raw);
    if (row.success) return [row.data];
    const issue = row.error.issues[0];
    console.error({
      level: "error",
      msg: "stored_row_invalid",
      table,
      field: issue?.path.join(".") ?? "",
      problem: issue?.message ?? "",
    });
    return [];
  });
}
