// Small statistics for benchmark rounds.

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The `q` quantile (0–1) of `xs`, nearest rank. */
export function pct(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** `median [min–max]`, formatted with `digits` decimals. */
export function spread(xs: readonly number[], digits = 2): string {
  const f = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(median(xs))} [${f(Math.min(...xs))}–${f(Math.max(...xs))}]`;
}

export function whole(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
