import { createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Webhook } from "standardwebhooks";
import type { LoopbackReceiver } from "../../../scripts/lib/webhook-receiver";
import { postJson, type Stack } from "./stack";

/** A model kie.ai has (any `family/model` would do against the simulator). */
export const MODEL = "google/imagen4-fast";

/** kie.ai's callback body, as relayed to a caller. */
export interface Relayed {
  code: number;
  msg: string;
  data: { taskId: string; state: string; param: string; resultJson: string };
}

/** Creates a task through the gateway as `token`'s caller; answers the HTTP status, the body and the response. */
export async function createTask(stack: Stack, token: string, body: Record<string, unknown> = {}) {
  const res = await stack.ask("/api/v1/jobs/createTask", {
    ...postJson({ model: MODEL, input: { prompt: "a red fox" }, ...body }),
    token,
  });
  const text = await res.text();
  let json: { code: number; msg: string; data: { taskId: string } | null };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`createTask answered HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
  return { status: res.status, res, body: json, taskId: json.data?.taskId ?? "" };
}

/** The caller's own relay secret (`whsec_…`), as `GET /api/v1/callbacks/secret` gives it. */
export async function relaySecret(stack: Stack, token: string): Promise<string> {
  const res = await stack.ask("/api/v1/callbacks/secret", { token });
  return ((await res.json()) as { data: { secret: string } }).data.secret;
}

/** The posts a receiver got for `taskId` (by the body's `data.taskId`). */
export function postsFor(hook: LoopbackReceiver, taskId: string) {
  return hook.posts.filter((p) => (JSON.parse(p.body) as Relayed).data?.taskId === taskId);
}

/** Waits, bounded, until `done()` holds; throws with `what` when it does not within `ms`. */
export async function until(what: string, done: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Checks a relay both ways with the caller's `secret`; answers its body, or throws if either fails. */
export function verifyRelay(secret: string, post: { headers: IncomingHttpHeaders; body: string }): Relayed {
  const headers = Object.fromEntries(Object.entries(post.headers).map(([k, v]) => [k, String(v)]));
  const body = new Webhook(secret).verify(post.body, headers) as Relayed;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const timestamp = headers["x-webhook-timestamp"] ?? "";
  const expected = createHmac("sha256", key).update(`${body.data.taskId}.${timestamp}`).digest("base64");
  if (headers["x-webhook-signature"] !== expected) throw new Error("kie.ai's X-Webhook-Signature does not verify");
  return body;
}
