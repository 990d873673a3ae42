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
 * shared (100.64/10), multicast and reserved, IPv6 outside global unicast (site-local fec0::/10, discard
 * 100::/64, …) or in a special-purpose block of it (documentation, Teredo), and every IPv6 form that embeds an
 * IPv4 address (IPv4-compatible, -mapped and -translated, NAT64, 6to4), judged by that IPv4 address.
 *
 * @example
 * ```ts
 * isPrivateAddress("169.254.169.254") // true
 * isPrivateAddress("[::ffff:7f00:1]") // true: ::ffff:127.0.0.1
 * isPrivateAddress("[64:ff9b::a9fe:a9fe]") // true: 169.254.169.254 through NAT64
 * isPrivateAddress("[2002:a00:1::]") // true: 10.0.0.1 through 6to4
 * isPrivateAddress("[fec0::1]") // true: site-local
 * isPrivateAddress("1.1.1.1") // false
 * isPrivateAddress("[64:ff9b::808:808]") // false: 8.8.8.8 through NAT64
 * isPrivateAddress("[2606:4700::1111]") // false
 * ```
 */
export function isPrivateAddress(hostname: string): boolean {
  if (hostname.startsWith("[")) return isPrivateV6(hostname.slice(1, -1).toLowerCase());
  const parts = hostname.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  return isPrivateV4(parts as V4);
}

type V4 = [number, number, number, number];

function isPrivateV4([a, b]: V4): boolean {
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

/**
 * /96 prefixes (first six hextets) whose last 32 bits are the IPv4 address a packet really goes to, so the address
 * is exactly as private as that IPv4 address. Without them `[::ffff:0:7f00:1]` reaches 127.0.0.1.
 */
const V4_TAIL_PREFIXES: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0], // ::a.b.c.d, IPv4-compatible (deprecated by RFC 4291, still honoured by some stacks)
  [0, 0, 0, 0, 0, 0xffff], // ::ffff:a.b.c.d, IPv4-mapped: a dual-stack socket connects to a.b.c.d
  [0, 0, 0, 0, 0xffff, 0], // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765 SIIT)
  [0x64, 0xff9b, 0, 0, 0, 0], // 64:ff9b::a.b.c.d, NAT64 well-known prefix (RFC 6052): a NAT64 gateway goes there
];

/**
 * Special-purpose blocks inside global unicast (2000::/3) that are no web host's address, as [hextets, bits].
 * 6to4 is not here: it is judged by the IPv4 address it embeds.
 */
const NON_PUBLIC_UNICAST: readonly (readonly [readonly number[], number])[] = [
  // IETF protocol assignments (RFC 2928): Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID, AS112 sinks.
  // Teredo is refused whole rather than decoded: its address names both a Teredo server (bits 32-63) and the
  // client's NAT (last 32 bits XOR 0xffffffff), the service is retired, and no callback host uses it.
  [[0x2001, 0], 23],
  [[0x2001, 0xdb8], 32], // documentation (RFC 3849)
  [[0x3fff, 0], 20], // documentation (RFC 9637)
];

function isPrivateV6(address: string): boolean {
  const h = hextets(address);
  // The URL parser never leaves an address this cannot read; anything else may be passed in, and is refused
  // rather than guessed at.
  if (!h) return true;
  // :: (unspecified) and ::1 (loopback); V4_TAIL_PREFIXES would also catch them, as 0.0.0.0 and 0.0.0.1.
  if (inPrefix(h, [], 127)) return true;
  const embedded = embeddedV4(h);
  if (embedded) return isPrivateV4(embedded);
  // Outside 2000::/3, the only block IANA allocates for global unicast, no address is a public host: unique local
  // fc00::/7, link-local fe80::/10, site-local fec0::/10 (deprecated, but still routed inside some networks),
  // multicast ff00::/8, discard 100::/64, the unassigned rest, and NAT64's local-use 64:ff9b:1::/48 (RFC 8215),
  // which only means something inside its operator's network and, depending on the prefix length that network
  // chose, carries its IPv4 address at bits 48, 56, 64 or 96, so it cannot be judged from the outside.
  if (!inPrefix(h, [0x2000], 3)) return true;
  return NON_PUBLIC_UNICAST.some(([prefix, bits]) => inPrefix(h, prefix, bits));
}

/** The IPv4 address an IPv6 address embeds and is delivered to, if it has one. */
function embeddedV4(h: readonly number[]): V4 | undefined {
  if (V4_TAIL_PREFIXES.some((prefix) => inPrefix(h, prefix, 96))) return v4(h[6], h[7]);
  // 6to4 (RFC 3056): 2002:AABB:CCDD::/48 is the site behind the 6to4 router at AA.BB.CC.DD.
  if (inPrefix(h, [0x2002], 16)) return v4(h[1], h[2]);
  return undefined;
}

function v4(hi = 0, lo = 0): V4 {
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

/** Whether the first `bits` bits of `h` equal those of `prefix` (hextets; missing ones are zero). */
function inPrefix(h: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i * 16 < bits; i++) {
    const mask = (0xffff << (16 - Math.min(16, bits - i * 16))) & 0xffff;
    if (((h[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * The eight 16-bit groups of an IPv6 address, `::` expanded wherever it is, a dotted IPv4 tail read as two
 * groups; `undefined` when it is not an IPv6 address.
 */
function hextets(address: string): number[] | undefined {
  const halves = address.split("::");
  // At most one `::`, and a dotted IPv4 address only at the very end.
  if (halves.length > 2 || (halves.length === 2 && halves[0]?.includes("."))) return undefined;
  const [head, tail] = halves.map((half) => (half === "" ? [] : groups(half)));
  if (!head || (halves.length === 2 && !tail)) return undefined;
  if (tail === undefined) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  // `::` stands for at least one zero group.
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** One side of `::`, as hextets; a final dotted IPv4 address counts as two. */
function groups(part: string): number[] | undefined {
  const fields = part.split(":");
  const last = fields.at(-1) ?? "";
  const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(last);
  if (dotted) {
    const octets = dotted.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    fields.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  if (!fields.every((field) => /^[0-9a-f]{1,4}$/.test(field))) return undefined;
  return fields.map((field) => Number.parseInt(field, 16));
}
