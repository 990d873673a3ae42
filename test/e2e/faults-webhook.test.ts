// The alert path under fire, for real: wrangler dev's cron trigger posting to a loopback receiver that
// answers 500, never answers, or is not there at all. Each alert must arrive exactly once, with its id, once
// the receiver is back: none lost, none duplicated.
import { afterAll, describe, expect, it } from "vitest";
import { useReceiver } from "./support/receiver";
import { saveReport } from "./support/report";
import { useStack } from "./support/stack";

const hook = useReceiver();

const stack = useStack(
  () => ({
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_RETRY_BACKOFF_MS: "10",
    ALERT_WEBHOOK_TIMEOUT_MS: "300",
    FORECAST_HOURS: "0",
  }),
  { args: ["--test-scheduled"] },
);
const tick = async () => (await stack.ask("/__scheduled?cron=*/10+*+*+*+*", { token: null })).status;
const rows: string[] = [];
afterAll(() =>
  saveReport(
    "faults-webhook",
    [
      "| webhook fault | runs while down | attempts while down | delivered after | duplicates |",
      "|---|---|---|---|---|",
      ...rows,
    ].join("\n"),
  ),
);

// Each case starts from a healthy receiver and an ok balance, so it needs no other case to have run before it.
async function fromOk() {
  hook.status = 200;
  stack.sim.state.balance = 500;
  expect(await tick()).toBe(200);
}

describe("webhook faults", () => {
  it.each([
    [
      "answers 500",
      () => {
        hook.status = 500;
      },
      () => {
        hook.status = 200;
      },
    ],
    [
      "never answers (timeout)",
      () => {
        hook.status = "hang";
      },
      () => {
        hook.status = 200;
      },
    ],
    ["unreachable", () => hook.close(), () => hook.open()],
  ] as const)("receiver %s for two runs: the alert arrives once on the third", async (name, breakIt, fixIt) => {
    await fromOk();
    stack.sim.state.balance = 80; // credits.low: one new alert
    const before = hook.posts.length;
    await breakIt();
    expect(await tick()).toBe(200);
    expect(await tick()).toBe(200);
    const whileDown = hook.posts.length - before;
    await fixIt();
    expect(await tick()).toBe(200);
    const delivered = hook.posts.slice(before).filter((p) => p.status === 200);
    const ids = hook.posts.slice(before).map((p) => p.headers["webhook-id"]);
    expect(delivered).toHaveLength(1);
    expect(new Set(ids).size).toBe(1);
    rows.push(`| ${name} | 2 | ${whileDown} | 1 (same id) | 0 |`);
  });

  it("never delivers any alert twice over the whole run", async () => {
    await fromOk();
    stack.sim.state.balance = 10;
    await tick();
    await fromOk();
    const acknowledged = hook.posts.filter((p) => p.status === 200).map((p) => p.headers["webhook-id"]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
  });
});
