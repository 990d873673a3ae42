// The whole round trip of a generation through kie-edge, with the typed client: create a task, wait for it — by a
// signed callback when asked for one, else by polling recordInfo with backoff — then save every result file: from
// kie-edge's archive, where kie-edge copied it the moment the task succeeded, else through kie-edge's /download.
// It holds no kie.ai key — only a kie-edge token.
//
//   KIE_EDGE_URL=https://kie-edge.<you>.workers.dev KIE_EDGE_TOKEN=... \
//     npx tsx examples/generate.ts google/imagen4-fast "a red fox in the snow" ./out
//   # input as JSON, and a callback instead of polling (kie-edge posts to a public https URL, so put a tunnel to
//   # the local port in --callback-url; against a local simulator the loopback URL itself is accepted):
//   npx tsx examples/generate.ts google/imagen4-fast '{"prompt":"a red fox","aspect_ratio":"16:9"}' ./out \
//     --callback-port 8788 --callback-url https://hooks.example.com/kie
//
// Exit codes: 0 downloaded, 1 the task failed (its failMsg on stderr) or a request was refused, 2 timed out.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { hc } from "hono/client";
import type { AppType } from "../src/app";
import { saveResults } from "./save-results";

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "callback-port": { type: "string" },
    "callback-url": { type: "string" },
    timeout: { type: "string", default: "900" },
  },
});
const [model, inputArg, outDir = "downloads"] = positionals;
if (!model || !inputArg) {
  console.error("usage: generate.ts <model> <prompt | JSON input> [out dir] [--callback-port N] [--timeout seconds]");
  process.exit(1);
}
const input = inputArg.trimStart().startsWith("{") ? parseInput(inputArg) : { prompt: inputArg };
if (!(Number(options.timeout) > 0)) die(`--timeout must be a number of seconds, not ${options.timeout}`);
const deadline = Date.now() + Number(options.timeout) * 1000;

const base = process.env.KIE_EDGE_URL ?? "http://127.0.0.1:8787";
const headers = { Authorization: `Bearer ${process.env.KIE_EDGE_TOKEN ?? ""}` };
const kieEdge = hc<AppType>(base, { headers });

/** What a finished task says; recordInfo and the relayed callback carry the same record. */
interface Outcome {
  state: string;
  resultJson?: string | null;
  failCode?: string | number | null;
  failMsg?: string | null;
}

function parseInput(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    return die(`the input is not valid JSON: ${(err as Error).message}`);
  }
}

function die(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** A refusal's message: kie-edge's errors are kie.ai's envelope `{code, msg, data: null}` with the HTTP status. */
async function refusal(res: { status: number; statusText: string; json(): Promise<unknown> }): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { msg?: string };
  return `HTTP ${res.status}: ${body.msg ?? res.statusText}`;
}

// 1. Callback mode: listen first (the relay can come fast), and fetch this caller's signing secret.
const callback = options["callback-port"] === undefined ? undefined : await listenForRelay();

// 2. Create the task.
const created = await kieEdge.api.v1.jobs.createTask.$post({
  json: { model, input, ...(callback && { callBackUrl: callback.url }) },
});
if (!created.ok) die(`createTask refused: ${await refusal(created)}`);
const { taskId } = (await created.json()).data;
console.log(`task ${taskId} created (${model})`);

// 3. Wait for the outcome.
const timer = setTimeout(timedOut, Math.max(0, deadline - Date.now()));
const record = await (callback ? callback.outcome : poll(taskId));
clearTimeout(timer);
if (callback) {
  callback.close();
  console.log(`task ${taskId}: ${record.state}`);
}
if (record.state !== "success") {
  die(`task ${taskId} failed: ${record.failMsg || "no failMsg"} (failCode ${record.failCode || "none"})`);
}
const { resultUrls = [] } = JSON.parse(record.resultJson || "{}") as { resultUrls?: string[] };

// 4. Save each result (streamed: constant memory, however big the video).
await saveResults(
  kieEdge,
  taskId,
  resultUrls,
  outDir,
  (i) => `${taskId}-${basename(new URL(resultUrls[i] ?? "").pathname)}`,
);

function timedOut(): never {
  callback?.close();
  die(`task ${taskId} timed out after ${options.timeout} s; ask recordInfo later for its outcome`, 2);
}

/** Polls recordInfo with backoff (0.5 s, doubling, at most 15 s) until the task succeeds or fails. */
async function poll(id: string): Promise<Outcome> {
  let last = "";
  for (let delay = 500; ; delay = Math.min(delay * 2, 15_000)) {
    const res = await kieEdge.api.v1.jobs.recordInfo.$get({ query: { taskId: id } });
    // hc types only the success answer (refusals are thrown as kie.ai's envelope), so the status is widened here.
    const status: number = res.status;
    if (res.ok) {
      const { data } = await res.json();
      if (data.state !== last) console.log(`task ${id}: ${data.state}`);
      last = data.state;
      if (data.state === "success" || data.state === "fail") return data;
    } else if (status === 429 || status >= 500) {
      // Busy or briefly broken: wait as told (Retry-After), else as planned.
      delay = Math.max(delay, Number(res.headers.get("Retry-After") ?? 0) * 1000);
      await res.body?.cancel();
    } else {
      die(`recordInfo refused: ${await refusal(res)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
  }
}

/**
 * A loopback server for kie-edge's relay of the task's callback. Only a relay signed with this caller's secret
 * (Standard Webhooks: HMAC-SHA256 of `id.timestamp.body`, within 5 minutes) is taken; anything else gets 401.
 */
async function listenForRelay() {
  const answer = await kieEdge.api.v1.callbacks.secret.$get();
  if (!answer.ok) die(`cannot read the callback secret: ${await refusal(answer)}`);
  const key = Buffer.from((await answer.json()).data.secret.slice("whsec_".length), "base64");
  let resolve: (outcome: Outcome) => void = () => {};
  const outcome = new Promise<Outcome>((r) => {
    resolve = r;
  });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method !== "POST" || !verified(key, req.headers, body)) {
      console.error("callback: refused an unsigned or badly signed request");
      res.writeHead(401).end();
      return;
    }
    res.writeHead(204).end();
    const relay = JSON.parse(body.toString("utf8")) as { data?: Outcome & { taskId?: string } };
    if (relay.data?.taskId !== taskId) return; // another task's (a late retry of an earlier run's)
    console.log(`callback: verified relay ${req.headers["webhook-id"]}`);
    resolve(relay.data);
  });
  await new Promise<void>((ready) => server.listen(Number(options["callback-port"]), "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  const url = options["callback-url"] ?? `http://127.0.0.1:${port}/kie-edge-callback`;
  console.log(`callback: listening on 127.0.0.1:${port}, callBackUrl ${url}`);
  const close = () => {
    server.close();
    server.closeAllConnections();
  };
  return { url, outcome, close };
}

function verified(key: Buffer, h: IncomingHttpHeaders, body: Buffer): boolean {
  const [id, timestamp, signatures] = [h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"]];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") return false;
  if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300)) return false;
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
  // The header may carry several `v1,<base64>` signatures (key rotation); one match is enough.
  return signatures.split(" ").some((signature) => {
    const [version, mac = ""] = signature.split(",");
    const given = Buffer.from(mac, "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
