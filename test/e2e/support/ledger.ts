import type { IncomingHttpHeaders } from "node:http";
import { Webhook } from "standardwebhooks";
import { vi } from "vitest";
import type { LoopbackReceiver } from "../../../scripts/lib/webhook-receiver";
import type { Stack } from "./stack";

/** A usage row as `GET /api/v1/usage` answers it. */
export type UsageRow = Record<string, string | number>;

/** An alert as the monitor's JSON webhook posts it. */
export interface AlertPost {
  type: string;
  id: string;
  data: Record<string, unknown>;
}

/** `GET /api/v1/usage?…` as `token`'s caller; the rows. */
export async function usageRows(stack: Stack, token: string, query = "groupBy=caller"): Promise<UsageRow[]> {
  const res = await stack.ask(`/api/v1/usage?${query}`, { token });
  if (res.status !== 200) throw new Error(`usage answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: { rows: UsageRow[] } }).data.rows;
}

/**
 * Waits, bounded, until the ledger (as `token`'s caller sees it, grouped by caller) shows `succeeded` finished
 * tasks and none in flight: kie-edge confirms outcomes in the background after answering kie.ai's callback.
 */
export async function untilSettled(stack: Stack, token: string, succeeded: number, timeout = 20_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const rows = await usageRows(stack, token);
      const sum = (key: string) => rows.reduce((n, r) => n + Number(r[key] ?? 0), 0);
      if (sum("succeeded") !== succeeded || sum("inFlight") !== 0) {
        throw new Error(`ledger not settled yet: ${JSON.stringify(rows)}`);
      }
    },
    { timeout, interval: 100 },
  );
}

/** The alerts a receiver acknowledged, parsed; only those of `type` when given. */
export function alertsAt(hook: LoopbackReceiver, type?: string): AlertPost[] {
  return hook.posts
    .filter((p) => p.status === 200)
    .map((p) => JSON.parse(p.body) as AlertPost)
    .filter((a) => type === undefined || a.type === type);
}

/** Verifies a post's Standard Webhooks signature with `secret`; answers its payload, or throws. */
export function verifyAlert(secret: string, post: { headers: IncomingHttpHeaders; body: string }): AlertPost {
  const headers = Object.fromEntries(Object.entries(post.headers).map(([k, v]) => [k, String(v)]));
  return new Webhook(secret).verify(post.body, headers) as AlertPost;
}

/** Runs the cron trigger once (`wrangler dev --test-scheduled`); throws unless it answered 200. */
export async function runCron(stack: Stack): Promise<void> {
  const res = await stack.ask("/__scheduled?cron=*/10+*+*+*+*", { token: null });
  if (res.status !== 200) throw new Error(`/__scheduled answered ${res.status}: ${await res.text()}`);
}
