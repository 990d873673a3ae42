// A caller's callBackUrl is where kie-edge will post: public https hosts only, never an internal address.
import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../src/net";
import { checkCallbackUrl } from "../../src/tasks";

const KIE = "https://api.kie.ai";

describe("callBackUrl check", () => {
  it("takes a public https URL, and a public IP literal", () => {
    expect(checkCallbackUrl("https://app.example.com/kie?x=1", KIE)).toEqual({
      url: "https://app.example.com/kie?x=1",
    });
    expect(checkCallbackUrl("https://1.1.1.1/hook", KIE)).toEqual({ url: "https://1.1.1.1/hook" });
  });

  it.each([
    ["plain http", "http://app.example.com/kie"],
    ["not a URL", "app.example.com/kie"],
    ["credentials", "https://user:pw@app.example.com/kie"],
    ["a private IPv4 literal", "https://10.1.2.3/kie"],
    ["loopback in hex", "https://0x7f000001/kie"],
    ["the metadata address", "https://169.254.169.254/latest"],
    ["an IPv6 unique-local literal", "https://[fd00::1]/kie"],
    ["an IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]/kie"],
    ["localhost", "https://localhost/kie"],
    ["a single-label name", "https://intranet/kie"],
    ["a URL over 2048 characters", `https://app.example.com/${"a".repeat(2048)}`],
  ])("refuses %s", (_, url) => {
    expect(checkCallbackUrl(url, KIE)).toHaveProperty("error");
  });

  it("takes plain http to loopback only while kie.ai itself is on loopback (the simulator)", () => {
    expect(checkCallbackUrl("http://127.0.0.1:9000/cb", "http://127.0.0.1:8788")).toEqual({
      url: "http://127.0.0.1:9000/cb",
    });
    expect(checkCallbackUrl("http://127.0.0.1:9000/cb", KIE)).toHaveProperty("error");
  });

  it("classifies address ranges", () => {
    for (const host of ["127.0.0.1", "0.0.0.0", "100.64.0.1", "172.31.255.255", "192.168.1.1", "[::1]", "[fe80::1]"]) {
      expect(isPrivateAddress(host), host).toBe(true);
    }
    for (const host of ["8.8.8.8", "172.32.0.1", "[2606:4700::1111]"]) expect(isPrivateAddress(host), host).toBe(false);
  });
});
