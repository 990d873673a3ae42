// Rules about hosts that any layer may apply: which names are internal, and which are IP literals. Plain
// functions of strings, with no imports, so the caller-URL checks and the link checks cannot drift apart.

/**
 * Whether a hostname (as the WHATWG URL parser leaves it) is an IP literal. The parser has already turned every
 * IPv4 spelling (hex, octal, short forms) into dotted decimal and brackets every IPv6 address.
 *
 * @example
 * ```ts
 * isIpLiteral(new URL("https://0xa9.0xfe.0xa9.0xfe/").hostname) // true
 * ```
 */
export function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Whether a hostname can only mean something inside a network: an IP literal, `localhost` or a name under it,
 * or a single label (`intranet`, `metadata`). Public file hosts are none of these.
 *
 * @example
 * ```ts
 * isInternalHost("169.254.169.254") // true
 * isInternalHost("tempfile.aiquickdraw.com") // false
 * ```
 */
export function isInternalHost(hostname: string): boolean {
  const name = hostname.replace(/\.$/, "").toLowerCase();
  return isIpLiteral(name) || name === "localhost" || name.endsWith(".localhost") || !name.includes(".");
}

/**
 * Whether `hostname` is admitted by an allow-list of hosts: an exact entry, or `*.domain` for any subdomain of
 * domain. An empty list admits every host.
 *
 * @example
 * ```ts
 * hostAllowed("a.redpandaai.co", ["*.redpandaai.co"]) // true
 * hostAllowed("redpandaai.co", ["*.redpandaai.co"]) // false
 * ```
 */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((pattern) =>
    pattern.startsWith("*.") ? hostname.endsWith(pattern.slice(1)) : hostname === pattern,
  );
}
