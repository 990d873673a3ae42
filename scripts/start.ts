// `npm start`: kie-edge in the real `wrangler dev`, with local KV, against the kie.ai simulator on loopback.
// No kie.ai account and no internet needed. Ctrl+C stops both.
import { serveSimulator } from "../simulator/serve";
import { startReceiver } from "./lib/webhook-receiver";
import { freePort, startWranglerDev } from "./lib/wrangler-dev";

const SIM_KEY = "sk-simulated-kie-key";
const token = `demo-${crypto.randomUUID()}`;
// This run's own secrets: the simulated kie.ai signs its callbacks (as an account with a webhook HMAC key does), and
// relays to callers' callBackUrl are signed with keys derived from the second.
const hmacKey = crypto.randomUUID();
const signingKey = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}`;

const sim = await serveSimulator({
  apiKey: SIM_KEY,
  balance: 1234.5,
  port: Number(process.env.SIM_PORT ?? 0),
  webhookHmacKey: hmacKey,
});
// Generations take a few seconds, as kie.ai's do.
Object.assign(sim.state.taskSettings, { waitingMs: 1000, durationMs: 4000 });
// Credit alerts land here and are printed, as a chat channel would show them.
const alerts = await startReceiver((body) => {
  const { type, data } = JSON.parse(body) as { type: string; data: { balance: number | null } };
  console.log(`\n[alert] ${type}: balance ${data.balance}`);
});
const dev = await startWranglerDev({
  port: await freePort(Number(process.env.PORT ?? 8787)),
  vars: {
    KIE_BASE_URL: sim.url,
    KIE_UPLOAD_BASE_URL: sim.url,
    KIE_API_KEY: SIM_KEY,
    PROXY_TOKENS: `demo:${token}`,
    ALERT_WEBHOOK_URL: alerts.url,
    KIE_WEBHOOK_HMAC_KEY: hmacKey,
    CALLBACK_SIGNING_KEY: signingKey,
  },
  args: ["--test-scheduled"],
});

console.log(`
kie-edge is running at ${dev.url}  (simulated kie.ai at ${sim.url}, balance ${sim.state.balance})

  curl -s -H "Authorization: Bearer ${token}" ${dev.url}/api/v1/chat/credit

  curl -s -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" \\
    -d '{"url":"https://tempfile.aiquickdraw.com/r/demo.png"}' ${dev.url}/api/v1/common/download-url -i

Ask for the same link twice to see X-Cache go from MISS to HIT. Generate something (about 5 s), then download it:
  KIE_EDGE_URL=${dev.url} KIE_EDGE_TOKEN=${token} npx tsx examples/generate.ts google/imagen4-fast "a red fox" ./out

Steer the simulator with
  curl -s -X POST ${sim.url}/__sim/balance -d '{"balance": 42}'
  curl -s -X POST ${sim.url}/__sim/faults -d '{"endpoint":"credit","fault":{"kind":"status","code":500},"times":2}'
then run the credit monitor's cron (alerts are printed here):
  curl -s "${dev.url}/__scheduled?cron=*/10+*+*+*+*"
  curl -s -H "Authorization: Bearer ${token}" ${dev.url}/api/v1/monitor/status
The token above is for this run only. Ctrl+C to stop.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await dev.stop();
  await sim.close();
  await alerts.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
