/**
 * Rows as CSV (RFC 4180, CRLF): a field with a comma, quote or line break is quoted, and a text field that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'` — the values are data.
 *
 * @example
 * ```ts
 * toCsv(["caller", "credits"], [{ caller: "web", credits: 12.5 }]) // "caller,credits\r\nweb,12.5\r\n"
 * ```
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(field).join(","), ...rows.map((row) => columns.map((c) => field(row[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
