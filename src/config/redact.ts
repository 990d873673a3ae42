/**
 * Replaces every occurrence of each secret in `text` with `[redacted]`: for text that comes from outside
 * (kie.ai's messages, error details) before it reaches a log line or a response.
 *
 * @example
 * ```ts
 * redact("bad key sk-123", ["sk-123"]) // "bad key [redacted]"
 * ```
 */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join("[redacted]") : out), text);
}
