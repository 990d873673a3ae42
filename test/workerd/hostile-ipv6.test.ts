// IPv6 literals that smuggle an IPv4 address (mapped, compatible, translated, NAT64, 6to4) or name a non-global
// range (site-local, unique local, documentation, Teredo) must not pass as public callBackUrl hosts: each is judged
// by the IPv4 address a packet to it really reaches, or refused as never public.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../src/net";
import { askLink } from "../support/gateway";
import { RUNS } from "../support/hostile";
import { sim } from "../support/network";
import { createTask } from "../support/tasks";

const task = { model: "google/imagen4-fast", input: { prompt: "a fox" } };

/** The hostname as the gateway sees it: after the WHATWG URL parser has compressed it and written IPv4 in hex. */
const hostOf = (url: string) => new URL(url).hostname;

/** IPv6 literals that reach, or can only mean, something inside a network. */
const PRIVATE: [string, string][] = [
  ["unspecified", "https://[::]/"],
  ["loopback", "https://[::1]/"],
  ["loopback, written out", "https://[0:0:0:0:0:0:0:1]/"],
  ["IPv4-compatible loopback", "https://[::127.0.0.1]/"],
  ["IPv4-compatible private", "https://[::10.0.0.1]/"],
  ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/"],
  ["IPv4-mapped metadata", "https://[::ffff:169.254.169.254]/"],
  ["IPv4-mapped, written out in hex", "https://[0:0:0:0:0:ffff:a9fe:a9fe]/"],
  ["IPv4-translated loopback", "https://[::ffff:0:127.0.0.1]/"],
  ["IPv4-translated private", "https://[::ffff:0:192.168.1.1]/"],
  ["NAT64 metadata", "https://[64:ff9b::169.254.169.254]/"],
  ["NAT64 loopback", "https://[64:ff9b::7f00:1]/"],
  ["NAT64 shared address space", "https://[64:ff9b::100.64.0.1]/"],
  ["NAT64 local-use private", "https://[64:ff9b:1::10.0.0.1]/"],
  ["NAT64 local-use public (refused whole)", "https://[64:ff9b:1::8.8.8.8]/"],
  ["NAT64 local-use, /64 layout of 127.0.0.1", "https://[64:ff9b:1:0:7f:0:100:0]/"],
  ["6to4 loopback", "https://[2002:7f00:1::]/"],
  ["6to4 private", "https://[2002:c0a8:101::1]/"],
  ["6to4 metadata", "https://[2002:a9fe:a9fe::1]/"],
  ["Teredo (refused whole)", "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"],
  ["Teredo to a private client", "https://[2001:0:4136:e378::f5ff:fffe]/"],
  ["site-local", "https://[fec0::1]/"],
  ["site-local, top of range", "https://[feff:ffff::1]/"],
  ["unique local", "https://[fd12:3456::1]/"],
  ["unique local, fc half", "https://[fc00::1]/"],
  ["link-local", "https://[fe80::1]/"],
  ["link-local, top of range", "https://[febf::1]/"],
  ["multicast", "https://[ff02::1]/"],
  ["discard", "https://[100::1]/"],
  ["documentation", "https://[2001:db8::1]/"],
  ["documentation (RFC 9637)", "https://[3fff::1]/"],
  ["benchmarking", "https://[2001:2::1]/"],
  ["unassigned, outside 2000::/3", "https://[4000::1]/"],
];

/** IPv6 literals of public hosts, and embedding forms whose IPv4 address is public. */
const PUBLIC: [string, string][] = [
  ["Cloudflare DNS", "https://[2606:4700::1111]/"],
  ["Google DNS", "https://[2001:4860:4860::8888]/"],
  ["just above Teredo and the other IETF assignments", "https://[2001:200::1]/"],
  ["IPv4-mapped public", "https://[::ffff:8.8.8.8]/"],
  ["IPv4-compatible public", "https://[::1.1.1.1]/"],
  ["IPv4-translated public", "https://[::ffff:0:8.8.8.8]/"],
  ["NAT64 public", "https://[64:ff9b::8.8.8.8]/"],
  ["6to4 public", "https://[2002:808:808::1]/"],
];

describe("isPrivateAddress on IPv6", () => {
  it.each(PRIVATE)("refuses %s", (_, url) => {
    expect(isPrivateAddress(hostOf(url))).toBe(true);
  });

  it.each(PUBLIC)("takes %s", (_, url) => {
    expect(isPrivateAddress(hostOf(url))).toBe(false);
  });

  it("reads an address as written, not only as the URL parser leaves it", () => {
    expect(isPrivateAddress("[::ffff:127.0.0.1]")).toBe(true);
    expect(isPrivateAddress("[64:FF9B::10.0.0.1]")).toBe(true);
    expect(isPrivateAddress("[64:ff9b:0:0:0:0:808:808]")).toBe(false);
    expect(isPrivateAddress("[2001:4860:4860:0:0:0:0:8888]")).toBe(false);
  });

  it("refuses what is not an IPv6 address rather than guess", () => {
    for (const host of [
      "[]",
      "[:]",
      "[1::2::3]",
      "[1:2:3:4:5:6:7:8:9]",
      "[::ffff:1.2.3.256]",
      "[1.2.3.4::]",
      "[g::1]",
    ]) {
      expect(isPrivateAddress(host), host).toBe(true);
    }
  });

  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);

  it("judges every embedding of an IPv4 address as that IPv4 address", () => {
    fc.assert(
      fc.property(ipv4, ([a, b, c, d]) => {
        const dotted = `${a}.${b}.${c}.${d}`;
        const [hi, lo] = [hex(a, b), hex(c, d)];
        const expected = isPrivateAddress(dotted);
        for (const host of [
          `[::ffff:${hi}:${lo}]`,
          `[::ffff:0:${hi}:${lo}]`,
          `[64:ff9b::${hi}:${lo}]`,
          `[2002:${hi}:${lo}::1]`,
          `[2002:${hi}:${lo}:abcd::]`,
          // The same, dotted as a caller may write them, through the URL parser as the gateway reads them.
          hostOf(`https://[::ffff:${dotted}]/`),
          hostOf(`https://[::ffff:0:${dotted}]/`),
          hostOf(`https://[64:ff9b::${dotted}]/`),
          hostOf(`https://[::${dotted}]/`),
        ]) {
          expect(isPrivateAddress(host), `${host} embeds ${dotted}`).toBe(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses every address in a range that is never public", () => {
    const hextet = fc.nat(0xffff);
    const ranges: [number, number][] = [
      [0xfc00, 7], // unique local
      [0xfe80, 10], // link-local
      [0xfec0, 10], // site-local
      [0xff00, 8], // multicast
    ];
    fc.assert(
      fc.property(fc.constantFrom(...ranges), fc.array(hextet, { minLength: 8, maxLength: 8 }), ([p, bits], h) => {
        const mask = (0xffff << (16 - bits)) & 0xffff;
        const first = (p & mask) | ((h[0] ?? 0) & ~mask & 0xffff);
        const host = `[${[first, ...h.slice(1)].map((x) => x.toString(16)).join(":")}]`;
        expect(isPrivateAddress(hostOf(`https://${host}/`)), host).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("reads any IPv6 spelling the same as the URL parser's normal form", () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(isPrivateAddress(`[${ip}]`), ip).toBe(isPrivateAddress(hostOf(`https://[${ip}]/`)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("createTask with an IPv6 callBackUrl", () => {
  it.each(PRIVATE)("refuses %s with 422 and sends nothing to kie.ai", async (_, callBackUrl) => {
    const { res, body } = await createTask({ ...task, callBackUrl });
    expect(res.status).toBe(422);
    expect(body).toMatchObject({ code: 422, data: null });
    expect(body.msg).toContain("callBackUrl");
    expect(sim.state.calls["create-task"]).toBe(0);
  });

  it.each(PUBLIC)("takes %s", async (_, callBackUrl) => {
    const { res, body } = await createTask({ ...task, callBackUrl });
    expect(res.status, body.msg).toBe(200);
    expect(sim.state.calls["create-task"]).toBe(1);
  });
});

describe("file URLs on an IPv6 literal", () => {
  it("refuses every one, private or public, before kie.ai is asked", async () => {
    for (const [, url] of [...PRIVATE, ...PUBLIC]) {
      const { res } = await askLink(`${url}a.png`);
      expect(res.status, url).toBe(422);
    }
    expect(sim.state.calls["download-url"]).toBe(0);
  });
});
