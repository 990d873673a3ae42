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

/**
 * Whether an IP literal (as the URL parser leaves it) is in a range that never means a public host: private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local (169.254/16, fe80::/10), "this network" (0/8),
 * shared (100.64/10), multicast and reserved, and IPv6 forms that embed one (`::ffff:10.0.0.1`).
 *
 * @example
 * ```ts
 * isPrivateAddress("169.254.169.254") // true
 * isPrivateAddress("[::ffff:7f00:1]") // true
 * isPrivateAddress("1.1.1.1") // false
 * ```
 */
export function isPrivateAddress(hostname: string): boolean {
  if (hostname.startsWith("[")) return isPrivateV6(hostname.slice(1, -1).toLowerCase());
  const parts = hostname.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  return isPrivateV4(parts as [number, number, number, number]);
}

function isPrivateV4([a, b]: [number, number, number, number]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b < 128) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

function isPrivateV6(address: string): boolean {
  if (address === "::" || address === "::1") return true;
  // The parser writes an embedded IPv4 address in hex: ::ffff:a00:1 is 10.0.0.1.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) {
    const [hi, lo] = [Number.parseInt(mapped[1] ?? "", 16), Number.parseInt(mapped[2] ?? "", 16)];
    return isPrivateV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  const first = Number.parseInt(address.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}
