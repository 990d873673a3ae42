// KIE_FILE_HOSTS narrows which file URLs may be sent to kie.ai: exact hosts, and *.domain for subdomains.
import { describe, expect, it } from "vitest";
import { askLink } from "../support/gateway";
import { sim } from "../support/network";

const env = { KIE_FILE_HOSTS: "*.aiquickdraw.com, KIEAI.redpandaai.co" };

describe("KIE_FILE_HOSTS", () => {
  it("admits exact hosts (case aside) and any subdomain of a wildcard", async () => {
    for (const url of ["https://kieai.redpandaai.co/a.png", "https://tempfile.aiquickdraw.com/b.png"]) {
      const { res } = await askLink(url, { env });
      expect(res.status).toBe(200);
    }
    // Admitted by the gateway, so kie.ai (the simulator) has the last word on a host it does not serve.
    const deep = await askLink("https://deep.file.aiquickdraw.com/c.png", { env });
    expect(deep.body.msg).toBe("External file URLs are not supported");
    expect(sim.state.calls["download-url"]).toBe(3);
  });

  it("admits any https host when empty", async () => {
    const { res } = await askLink("https://static.aiquickdraw.com/d.png", { env: { KIE_FILE_HOSTS: "" } });
    expect(res.status).toBe(200);
  });
});
