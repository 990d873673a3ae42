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
  "budget.threshold": (a) =>
    `Caller ${a.data.caller} has used ${share(a)} of its ${a.data.budget?.period} budget: ${spentOf(a)}`,
  "budget.exhausted": (a) =>
    `Caller ${a.data.caller} has used up its ${a.data.budget?.period} budget: ${spentOf(a)}; new tasks are refused until ${a.data.budget?.resetsAt}`,
  "credits.unattributed_spend": (a) =>
    `${a.data.spend?.unexplained} kie.ai credits were spent outside kie-edge since ${a.data.spend?.since}: the balance fell ${a.data.spend?.drop}, kie-edge's callers account for ${explained(a)}`,
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
  if (alert.type === "budget.threshold" || alert.type === "budget.exhausted") {
    return "Raise the caller's budget in CALLER_POLICIES if this spend is expected.";
  }
  if (alert.type === "credits.unattributed_spend") {
    return "Someone is spending with the kie.ai key outside kie-edge: check kie.ai's logs page, and rotate KIE_API_KEY if it has leaked.";
  }
  return "Top up your kie.ai account before generation starts failing with 402 (not enough credits).";
}

/**
 * The request body for one alert in the webhook's format: the Standard Webhooks JSON payload
 * `{type, id, timestamp, data}`, a Slack message (text plus blocks) or a Discord embed — the chat formats say the
 * balance, state, forecast and what to do.
 */
export function renderBody(alert: Alert, format: WebhookSettings["format"]): string {
  const headline = HEADLINES[alert.type](alert);
  const { budget, spend } = alert.data;
  const facts: [string, string][] = budget
    ? [
        ["Caller", alert.data.caller ?? ""],
        [`Budget (${budget.period}, ${budget.key})`, `${budget.limit} credits`],
        ["Spent", `${budget.spent} credits`],
        ["Left", `${budget.left} credits`],
      ]
    : [
        ["Balance", credits(alert.data.balance)],
        ...(spend
          ? ([
              ["Unexplained", `${spend.unexplained} credits`],
              ["Balance drop", `${spend.drop} credits since ${spend.since}`],
            ] as [string, string][])
          : []),
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
          color: colour(alert),
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

function colour(alert: Alert): number {
  if (alert.type === "budget.exhausted" || alert.type === "credits.unattributed_spend") return 0xd93025;
  if (alert.type === "budget.threshold") return 0xf9ab00;
  return alert.data.state === "critical" ? 0xd93025 : alert.data.state === "low" ? 0xf9ab00 : 0x1e8e3e;
}

function share(alert: Alert): string {
  const b = alert.data.budget;
  return b ? `${Math.floor((b.spent / b.limit) * 100)} %` : "";
}

function spentOf(alert: Alert): string {
  const b = alert.data.budget;
  return b ? `${b.spent} of ${b.limit} credits spent, ${b.left} left` : "";
}

function explained(alert: Alert): string {
  const s = alert.data.spend;
  return s ? `${s.recorded} (plus ${s.inFlight} held for tasks in flight)` : "";
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
