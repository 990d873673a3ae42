// The whole flow — links, batches, downloads, the balance, failures, the monitor and its alerts — with every
// log line and every response captured: none may carry the kie.ai key, a proxy token, the webhook URL or
// the signing secret, not even when kie.ai's own error message quotes them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MONITOR_ENV, runCron, T0 } from "../support/cron";
import { FILE_URL, TEST_KIE_KEY, TEST_TOKENS } from "../support/fixtures";
import { askRaw } from "../support/gateway";
import { sim } from "../support/network";
import { receiver, SLACK_URL } from "../support/receiver";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const env = {
  ...MONITOR_ENV,
  ALERT_WEBHOOK_URL: SLACK_URL,
  ALERT_WEBHOOK_SECRET: SECRET,
  CHECK_FAILURES_BEFORE_ALERT: "1",
};
const SECRETS = [
  TEST_KIE_KEY,
  TEST_TOKENS.alice,
  TEST_TOKENS.bob,
  SLACK_URL,
  "hooks.slack.com",
  SECRET,
  SECRET.slice(6),
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("secret hygiene", () => {
  it("keeps every secret out of every log line and response", async () => {
    const lines: unknown[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args) => lines.push(args));
    }
    const seen: string[] = [];
    const keep = async (p: Promise<{ res: Response; bytes: ArrayBuffer }>) => {
      const { res, bytes } = await p;
      seen.push(JSON.stringify([...res.headers]), new TextDecoder().decode(bytes));
    };

    await keep(askRaw("/api/v1/chat/credit", { env }));
    await keep(askRaw("/api/v1/common/download-url", { method: "POST", json: { url: FILE_URL }, env }));
    await keep(askRaw("/api/v1/common/download-urls", { method: "POST", json: { urls: [FILE_URL, "x"] }, env }));
    await keep(askRaw(`/api/v1/common/download?url=${encodeURIComponent(FILE_URL)}`, { env }));
    await keep(askRaw("/api/v1/chat/credit", { env, token: `${TEST_TOKENS.bob}x` }));
    // kie.ai quoting the key and a token back in its message.
    const echo = `key ${TEST_KIE_KEY} from ${TEST_TOKENS.alice} to ${SLACK_URL}`;
    sim.state.rules.push({ endpoint: "*", fault: { kind: "status", code: 422, msg: echo }, times: 2 });
    await keep(askRaw("/api/v1/chat/credit", { env }));
    await keep(askRaw("/api/v1/common/download-url", { method: "POST", json: { url: `${FILE_URL}?v=2` }, env }));
    // The monitor: a failing check alert, a webhook that fails, then one that works.
    sim.state.rules.push({ endpoint: "credit", fault: { kind: "status", code: 500, msg: echo }, times: 1 });
    receiver.respond = () => 500;
    await runCron(T0, env);
    receiver.respond = () => 200;
    sim.state.balance = 10;
    await runCron(T0 + 600_000, env);
    await keep(askRaw("/api/v1/monitor/status", { env }));
    await keep(askRaw("/api/v1/monitor/check", { method: "POST", env }));
    await keep(askRaw("/healthz", { token: null, env: { ...env, PROXY_TOKENS: `x:${TEST_TOKENS.alice}, y` } }));

    const everything = JSON.stringify(lines) + seen.join("\n") + receiver.deliveries.map((d) => d.body).join("\n");
    expect(lines.length).toBeGreaterThan(10);
    expect(receiver.acknowledged().length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(everything).toContain("[redacted]");
  });

  it("refuses an answer of kie.ai that carries the key in its data, on every route", async () => {
    sim.state.rules.push({ endpoint: "download-url", fault: { kind: "leak-key" } });
    const answers = await Promise.all([
      askRaw("/api/v1/common/download-url", { method: "POST", json: { url: FILE_URL } }),
      askRaw("/api/v1/common/download-urls", { method: "POST", json: { urls: [`${FILE_URL}?b`] } }),
      askRaw(`/api/v1/common/download?url=${encodeURIComponent(`${FILE_URL}?c`)}`),
    ]);
    expect(answers.map(({ res }) => res.status)).toEqual([502, 200, 502]);
    const text = answers.map(({ bytes }) => new TextDecoder().decode(bytes)).join("\n");
    expect(text).not.toContain(TEST_KIE_KEY);
    expect(text).toMatch(/carried one of this gateway's secrets/);
  });
});
