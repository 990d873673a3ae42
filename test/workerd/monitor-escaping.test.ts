// kie.ai's text reaches alerts (the last error of a failing check). In Slack and Discord it must stay text: no
// mention of @channel or a user, no link or masked link, whatever kie.ai's message says.
import { describe, expect, it } from "vitest";
import { runCron, T0 } from "../support/cron";
import { sim } from "../support/network";
import { DISCORD_URL, receiver, SLACK_URL } from "../support/receiver";

const HOSTILE =
  "<!channel> <@U024BE7LH> <https://evil.example/login|Re-enter your key> [click](https://evil.example) @everyone visit evil.example now & <#C123>";

async function failingCheck(url: string) {
  sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500, msg: HOSTILE } });
  await runCron(T0, { ALERT_WEBHOOK_URL: url, CHECK_FAILURES_BEFORE_ALERT: "1" });
  return receiver.single().body;
}

describe("kie.ai's text in chat alerts", () => {
  it("is plain text in Slack: no mention, no link", async () => {
    const body = await failingCheck(SLACK_URL);
    const text = JSON.stringify(JSON.parse(body));
    for (const live of ["<!channel>", "<@U024BE7LH>", "<https://", "<#C123>", "https://evil", "evil.example"]) {
      expect(text).not.toContain(live);
    }
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("&amp;");
  });

  it("is plain text in Discord: markdown escaped, links broken, and no mention allowed", async () => {
    const body = JSON.parse(await failingCheck(DISCORD_URL));
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const description: string = body.embeds[0].description;
    expect(description).not.toMatch(/(^|[^\\])\[click\]\(/);
    expect(description).not.toMatch(/(^|[^\\])<@/);
    for (const live of ["https://", "evil.example"]) expect(description).not.toContain(live);
    expect(description).toContain("\\@everyone");
  });
});
