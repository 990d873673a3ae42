// The coordinator for real, in wrangler dev: eight manual checks and the cron at once at every step of ok → low →
// critical → top-up raise one alert per transition, and an alert the receiver refused arrives once, with its id,
// from the coordinator's alarm — no further cron run needed.
import { afterAll, describe, expect, it } from "vitest";
import { useReceiver } from "./support/receiver";
import { saveReport } from "./support/report";
import { postJson, useStack } from "./support/stack";

const hook = useReceiver();

const stack = useStack(
  () => ({
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_RETRY_BACKOFF_MS: "1",
    ALERT_REDELIVER_SECONDS: "1",
    MONITOR_CHECK_MIN_INTERVAL_S: "0",
    FORECAST_HOURS: "0",
  }),
  { args: ["--test-scheduled"], rateLimit: 1_000_000 },
);
const rows: string[] = [];
afterAll(() =>
  saveReport("coordinator", ["| coordinator, real wrangler dev | result |", "|---|---|", ...rows].join("\n")),
);
const tick = () => stack.ask("/__scheduled?cron=*/10+*+*+*+*", { token: null });
const acknowledged = () => hook.posts.filter((p) => p.status === 200);
const types = (posts: { body: string }[]) => posts.map((p) => (JSON.parse(p.body) as { type: string }).type);

describe("the coordinator over real HTTP", () => {
  it("raises one alert per transition under eight manual checks and the cron at once", async () => {
    hook.status = 200;
    const before = acknowledged().length;
    for (const balance of [500, 80, 10, 500]) {
      stack.sim.state.balance = balance;
      stack.sim.state.delayMs.credit = 30;
      const checks = Array.from({ length: 8 }, () => stack.ask("/api/v1/monitor/check", postJson({})));
      const answers = await Promise.all([...checks, tick()]);
      expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 9 }, () => 200));
    }
    const posts = acknowledged().slice(before);
    expect(types(posts)).toEqual(["credits.low", "credits.critical", "credits.recovered"]);
    expect(new Set(posts.map((p) => p.headers["webhook-id"])).size).toBe(3);
    rows.push(
      `| 8 manual checks + the cron at once, ok → low → critical → top-up | ${posts.length} alerts for 3 transitions, ${stack.sim.state.calls.credit} kie.ai calls for 36 checks |`,
    );
  });

  it("redelivers a refused alert from its alarm, same id, without another cron run", async () => {
    stack.sim.state.delayMs.credit = 0;
    hook.status = 500;
    const before = hook.posts.length;
    stack.sim.state.balance = 70;
    await tick();
    const refused = hook.posts.slice(before);
    expect(refused.length).toBeGreaterThan(0);
    hook.status = 200;
    const backAt = Date.now();
    // The alarm comes within seconds; wait for it, bounded, without ticking the cron.
    const deadline = Date.now() + 20_000;
    while (!hook.posts.slice(before).some((p) => p.status === 200) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const delivered = hook.posts.slice(before).filter((p) => p.status === 200);
    expect(types(delivered)).toEqual(["credits.low"]);
    rows.push(
      `| receiver back after refusing an alert (ALERT_REDELIVER_SECONDS=1) | delivered by the alarm ${Date.now() - backAt} ms later, same id |`,
    );
    expect(new Set(hook.posts.slice(before).map((p) => p.headers["webhook-id"])).size).toBe(1);
  });
});
