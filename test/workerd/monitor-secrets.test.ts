// The webhook URL is a credential (anyone holding a Slack hook can post to the channel) and so is the
// signing secret: neither may show up in a log line or a response, even when delivery fails.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MONITOR_ENV, runBalances } from "../support/cron";
import { ask } from "../support/gateway";
import { receiver, SLACK_URL } from "../support/receiver";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("webhook secrets", () => {
  it("stay out of every log line and response, through failures and recoveries", async () => {
    const lines: unknown[] = [];
    for (const level of ["log", "warn", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((line) => lines.push(line));
    }
    const env = { ALERT_WEBHOOK_URL: SLACK_URL, ALERT_WEBHOOK_SECRET: SECRET };
    receiver.respond = () => 500;
    await runBalances([80, 10], { env });
    receiver.respond = () => "drop";
    await runBalances([10], { env, start: Date.now() });
    const answers = await Promise.all([
      ask("/api/v1/monitor/status", { env: { ...MONITOR_ENV, ...env } }),
      ask("/api/v1/monitor/check", { method: "POST", env: { ...MONITOR_ENV, ...env } }),
    ]);
    const seen = JSON.stringify(lines) + JSON.stringify(answers.map((a) => a.body));
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of [SLACK_URL, "hooks.slack.com", SECRET, SECRET.slice(6)]) expect(seen).not.toContain(secret);
  });
});
