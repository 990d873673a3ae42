import type { WebhookSettings } from "../../config";
import type { Alert, AlertType } from "../model";

const HEADLINES: Record<AlertType, (a: Alert) => string> = {
  "credits.low": (a) =>
    `kie.ai credits are low: ${credits(a.data.balance)} left (warning below ${a.data.thresholds.warn})`,
  "credits.critical": (a) =>
    `kie.ai credits are critical: ${credits(a.data.balance)} left (critical below ${a.data.thresholds.critical})`,
  "credits.recovered": (a) => `kie.ai credits recovered: ${credits(a.data.balance)} available`,
  "credits.depletion_forecast": (a) =>
    `kie.ai credits will run out in about ${hoursUntil(a)} at the current rate of ${rate(a)}`,
  "credits.reminder": (a) => `Reminder: kie.ai credits are still ${a.data.state}: ${credits(a.data.balance)} left`,
  "monitor.check_failed": (a) => `kie-edge cannot read the kie.ai balance: ${a.data.consecutiveFailures} checks failed`,
  "monitor.check_recovered": (a) => `kie-edge reads the kie.ai balance again: ${credits(a.data.balance)}`,
};

// kie.ai's text is data: in a chat message it must stay text — never a mention, a link or markup of its own.
const ESCAPE: Record<"slack" | "discord", (text: string) => string> = {
  slack: (text) => defang(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  discord: (text) => defang(text).replace(/[\\`*_~|>#<@[\]()-]/g, "\\$&"),
};

// Chat clients turn URLs and bare domains into links: break them the way security write-ups do.
function defang(text: string): string {
  return text.replace(/:\/\//g, "[:]//").replace(/(?<=[A-Za-z0-9])\.(?=[A-Za-z])/g, "[.]");
}

function advice(alert: Alert, asText: (text: string) => string): string {
  if (alert.type === "monitor.check_failed") {
    const error = asText(alert.data.error ?? "unknown");
    return `Last error: ${error}. Check kie.ai's status and the gateway's KIE_API_KEY.`;
  }
  if (alert.type === "credits.recovered" || alert.type === "monitor.check_recovered") return "No action needed.";
  return "Top up your kie.ai account before generation starts failing with 402 (not enough credits).";
}

/**
 * The request body for one alert in the webhook's format: the Standard Webhooks JSON payload
 * `{type, id, timestamp, data}`, a Slack message (text plus blocks) or a Discord embed — the chat formats say the
 * balance, state, forecast and what to do.
 */
export function renderBody(alert: Alert, format: WebhookSettings["format"]): string {
  const headline = HEADLINES[alert.type](alert);
  const facts: [string, string][] = [
    ["Balance", credits(alert.data.balance)],
    ["State", alert.data.state],
    ["Burn rate", rate(alert)],
    ["Runs out", alert.data.projectedDepletionAt ?? "not projected"],
  ];
  if (format === "slack") {
    return JSON.stringify({
      text: headline,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${headline}*` } },
        { type: "section", fields: facts.map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}` })) },
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: `${advice(alert, ESCAPE.slack)} · ${alert.type} · ${alert.id}` }],
        },
      ],
    });
  }
  if (format === "discord") {
    return JSON.stringify({
      username: "kie-edge",
      // Nothing in an alert may ping anyone.
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: headline,
          description: advice(alert, ESCAPE.discord),
          color: alert.data.state === "critical" ? 0xd93025 : alert.data.state === "low" ? 0xf9ab00 : 0x1e8e3e,
          fields: facts.map(([name, value]) => ({ name, value, inline: true })),
          footer: { text: `${alert.type} · ${alert.id}` },
          timestamp: new Date(alert.createdAt).toISOString(),
        },
      ],
    });
  }
  return JSON.stringify({
    type: alert.type,
    id: alert.id,
    timestamp: new Date(alert.createdAt).toISOString(),
    data: alert.data,
  });
}

function credits(balance: number | null): string {
  return balance === null ? "unknown" : `${balance} credits`;
}

function rate(alert: Alert): string {
  const r = alert.data.burnRatePerHour;
  return r === null ? "not known yet" : `${Math.round(r * 100) / 100} credits/hour`;
}

function hoursUntil(alert: Alert): string {
  const at = alert.data.projectedDepletionAt;
  if (!at) return "an unknown time";
  const hours = Math.max(0, (Date.parse(at) - alert.createdAt) / 3_600_000);
  return hours < 1 ? `${Math.round(hours * 60)} minutes` : `${Math.round(hours * 10) / 10} hours`;
}
