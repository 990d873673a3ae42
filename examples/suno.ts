// Music with Suno through kie-edge, as kie.ai's own Suno API is used — with only a kie-edge token: generate a
// track, print each stage as kie-edge relays it (text, first, complete — each verified with this caller's secret),
// or poll the record when no callback port is given, then save every track: from kie-edge's archive, where kie-edge
// copied it the moment the task succeeded, else through kie-edge's /download.
//
//   KIE_EDGE_URL=https://kie-edge.<you>.workers.dev KIE_EDGE_TOKEN=... \
//     npx tsx examples/suno.ts "a calm piano piece about a fox" ./out --callback-port 8788 --callback-url https://hooks.example.com/kie
//
// Exit codes: 0 downloaded, 1 the task failed or a request was refused, 2 timed out.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { hc } from "hono/client";
import type { AppType } from "../src/app";
import { saveResults } from "./save-results";

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "callback-port": { type: "string" },
    "callback-url": { type: "string" },
    model: { type: "string", default: "V5" },
    timeout: { type: "string", default: "900" },
  },
});
const [prompt, outDir = "downloads"] = positionals;
if (!prompt) die("usage: suno.ts <prompt> [out dir] [--model V5] [--callback-port N] [--timeout seconds]");
const deadline = Date.now() + Number(options.timeout) * 1000;
const kieEdge = hc<AppType>(process.env.KIE_EDGE_URL ?? "http://127.0.0.1:8787", {
  headers: { Authorization: `Bearer ${process.env.KIE_EDGE_TOKEN ?? ""}` },
});

/** A track as Suno's record lists it. */
interface Track {
  id: string;
  audioUrl: string;
  title?: string;
}

function die(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const relays = options["callback-port"] === undefined ? undefined : await listen();
const created = await kieEdge.api.v1.generate.$post({
  json: {
    prompt,
    customMode: false,
    instrumental: false,
    model: options.model,
    ...(relays ? { callBackUrl: relays.url } : {}),
  },
});
const answer = await created.json();
if (!created.ok) die(`generate refused: HTTP ${created.status}: ${answer.msg}`);
const taskId = answer.data.taskId;
console.log(`task ${taskId} created (suno/${options.model})`);
setTimeout(
  () => die(`task ${taskId} timed out; ask ${"/api/v1/generate/record-info"} later`, 2),
  deadline - Date.now(),
).unref();

const tracks = relays ? await relays.done : await poll();
relays?.close();
await saveResults(
  kieEdge,
  taskId,
  tracks.map((t) => t.audioUrl),
  outDir,
  (i) => `${taskId}-${i}.mp3`,
);
for (const [i, track] of tracks.entries()) if (track.title) console.log(`track ${i + 1}: ${track.title}`);
process.exit(0);

/** Polls the record with backoff, printing each new status, until SUCCESS (or a failure). */
async function poll(): Promise<Track[]> {
  let last = "";
  for (let delay = 500; ; delay = Math.min(delay * 2, 15_000)) {
    const res = await kieEdge.api.v1.generate["record-info"].$get({ query: { taskId } });
    const { data } = await res.json();
    // hc types only the success answer (refusals come as kie.ai's envelope), so the status is widened here.
    const code: number = res.status;
    if (res.ok) {
      const status = String(data.status);
      if (status !== last) console.log(`task ${taskId}: ${status}`);
      last = status;
      if (status === "SUCCESS") return (data.response as { sunoData: Track[] }).sunoData;
      if (/FAILED|ERROR|EXCEPTION/.test(status)) die(`task ${taskId} failed: ${data.errorMessage ?? status}`);
    } else if (code !== 429 && code < 500) {
      die(`record-info refused: HTTP ${res.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** A loopback server for kie-edge's relays: prints each verified stage; resolves with the tracks on `complete`. */
async function listen() {
  const secret = await (await kieEdge.api.v1.callbacks.secret.$get()).json();
  const key = Buffer.from(secret.data.secret.slice("whsec_".length), "base64");
  let finish: (tracks: Track[]) => void = () => {};
  const done = new Promise<Track[]>((resolve) => {
    finish = resolve;
  });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (!verified(key, req.headers, body)) return void res.writeHead(401).end();
    res.writeHead(204).end();
    const relay = JSON.parse(body.toString("utf8")) as {
      code: number;
      msg: string;
      data: { callbackType: string; task_id: string; data: { id: string; audio_url: string; title?: string }[] | null };
    };
    if (relay.data.task_id !== taskId) return;
    const { callbackType: stage, data: items } = relay.data;
    console.log(`stage ${stage}: ${relay.msg} (${items?.length ?? 0} tracks)`);
    if (stage === "error") die(`task ${taskId} failed: ${relay.msg}`);
    if (stage === "complete") finish((items ?? []).map((t) => ({ id: t.id, audioUrl: t.audio_url, title: t.title })));
  });
  await new Promise<void>((ready) => server.listen(Number(options["callback-port"]), "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  const url = options["callback-url"] ?? `http://127.0.0.1:${port}/suno`;
  console.log(`callback: listening on 127.0.0.1:${port}, callBackUrl ${url}`);
  return { url, done, close: () => server.close() };
}

// Standard Webhooks: HMAC-SHA256 of `id.timestamp.body` under the caller's secret, within 5 minutes.
function verified(key: Buffer, h: IncomingHttpHeaders, body: Buffer): boolean {
  const [id, timestamp, signatures] = [h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"]];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") return false;
  if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300)) return false;
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
  return signatures.split(" ").some((signature) => {
    const given = Buffer.from(signature.split(",")[1] ?? "", "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
