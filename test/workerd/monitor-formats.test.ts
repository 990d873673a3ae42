// Alerts land in the chat a team already uses: Slack and Discord URLs are recognised and get a readable
// message in their own format (balance, state, forecast, what to do); anything else gets the JSON payload.
import { describe, expect, it } from "vitest";
import { runBalances } from "../support/cron";
import { DISCORD_URL, receiver, SLACK_URL, WEBHOOK_URL } from "../support/receiver";

function lastBody() {
  return JSON.parse(receiver.acknowledged().at(-1)?.body ?? "null");
}

describe("webhook formats", () => {
  it("posts a Slack message to a Slack incoming webhook", async () => {
    await runBalances([15], { env: { ALERT_WEBHOOK_URL: SLACK_URL } });
    const message = lastBody();
    expect(message.text).toBe("kie.ai credits are critical: 15 credits left (critical below 20)");
    const text = JSON.stringify(message.blocks);
    for (const fact of ["*Balance*\\n15 credits", "*State*\\ncritical", "*Runs out*", "Top up your kie.ai account"]) {
      expect(text).toContain(fact);
    }
  });

  it("posts a Discord embed to a Discord webhook", async () => {
    await runBalances([80], { env: { ALERT_WEBHOOK_URL: DISCORD_URL } });
    const [embed] = lastBody().embeds;
    expect(embed.title).toBe("kie.ai credits are low: 80 credits left (warning below 100)");
    expect(embed.fields).toContainEqual({ name: "State", value: "low", inline: true });
    expect(embed.description).toMatch(/Top up/);
  });

  it("posts the JSON payload elsewhere, or wherever ALERT_WEBHOOK_FORMAT says", async () => {
    await runBalances([80], { env: { ALERT_WEBHOOK_URL: WEBHOOK_URL } });
    expect(Object.keys(lastBody())).toEqual(["type", "id", "timestamp", "data"]);
    await runBalances([10], {
      env: { ALERT_WEBHOOK_URL: SLACK_URL, ALERT_WEBHOOK_FORMAT: "json", FORECAST_HOURS: "0" },
    });
    expect(lastBody().type).toBe("credits.critical");
  });
});
