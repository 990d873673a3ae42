// The cron trigger for real: `wrangler dev --test-scheduled`, /__scheduled as Cloudflare's scheduler,
// and a signed alert arriving on a loopback receiver, verified with the standardwebhooks package.
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { useReceiver } from "./support/receiver";
import { useStack } from "./support/stack";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const hook = useReceiver();

const stack = useStack(
  () => ({ ALERT_WEBHOOK_URL: hook.url, ALERT_WEBHOOK_SECRET: SECRET, ALERT_RETRY_BACKOFF_MS: "1" }),
  {
    args: ["--test-scheduled"],
  },
);

const tick = () => stack.ask("/__scheduled?cron=*/10+*+*+*+*", { token: null });

// Each case starts from a healthy receiver and an ok balance, so it needs no other case to have run before it.
async function fromOk() {
  hook.status = 200;
  stack.sim.state.balance = 500;
  expect((await tick()).status).toBe(200);
  return hook.posts.length;
}

async function status() {
  const res = await stack.ask("/api/v1/monitor/status");
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

describe("cron trigger end to end", () => {
  it("raises a signed credits.low that a Standard Webhooks receiver verifies, once", async () => {
    const before = await fromOk();
    stack.sim.state.balance = 64.25;
    expect((await tick()).status).toBe(200);
    expect(hook.posts).toHaveLength(before + 1);
    const { body, headers } = hook.posts[before] ?? { body: "", headers: {} };
    const payload = new Webhook(SECRET).verify(body, headers as Record<string, string>) as { type: string };
    expect(payload).toMatchObject({ type: "credits.low", data: { balance: 64.25, state: "low" } });

    await tick();
    expect(hook.posts).toHaveLength(before + 1);
  });

  it("keeps an alert pending while the receiver fails and delivers it later with the same id", async () => {
    const before = await fromOk();
    hook.status = 500;
    stack.sim.state.balance = 5;
    await tick();
    const failed = hook.posts.slice(before);
    expect(failed.map((p) => p.headers["webhook-id"])).toHaveLength(3);
    hook.status = 200;
    await tick();
    const ids = new Set(hook.posts.slice(before).map((p) => p.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    expect(JSON.parse(hook.posts.at(-1)?.body ?? "{}").type).toBe("credits.critical");
  });

  it("shows the runs in /api/v1/monitor/status", async () => {
    await fromOk();
    const { samples } = await status();
    stack.sim.state.balance = 5;
    await tick();
    expect(await status()).toMatchObject({
      lastBalance: 5,
      state: "critical",
      samples: Number(samples) + 1,
      pendingAlerts: [],
    });
  });
});
