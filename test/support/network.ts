import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { createSimulator, NETWORK_FAULT_HEADER } from "../../simulator/app";
import { KIE_BASE, TEST_KIE_KEY, UPLOAD_BASE } from "./fixtures";
import { workerFetch } from "./gateway";
import { DISCORD_URL, RELAY_URL, receiverHandlers, SLACK_URL, WEBHOOK_URL } from "./receiver";

const RECEIVERS = [WEBHOOK_URL, SLACK_URL, DISCORD_URL, RELAY_URL];
const KIE_HOSTS = [`${KIE_BASE}/`, `${UPLOAD_BASE}/`];

/**
 * The simulator standing in for kie.ai in every workerd test; tests read and set `sim.state`. Its task callbacks
 * go to the gateway's own `fetch`, as kie.ai's go to the deployed gateway.
 */
export const sim = createSimulator({
  apiKey: TEST_KIE_KEY,
  sendCallback: (url, init) => workerFetch(new Request(url, init)),
});

/**
 * msw routes every outbound request for kie.ai to the simulator and webhook posts to the test receiver; anything
 * else is an error, so a test can never reach the internet by accident.
 */
export const network = setupServer(
  // A predicate, not a path pattern: msw's path matching throws on a malformed percent-encoding in the URL.
  http.all(
    ({ request }) => KIE_HOSTS.some((host) => request.url.startsWith(host)),
    async ({ request }) => {
      const res = await sim.app.fetch(request as Request);
      return res.headers.has(NETWORK_FAULT_HEADER) ? HttpResponse.error() : res;
    },
  ),
  ...receiverHandlers,
);

/** What a stray request is answered with, so a test can see it never reached the caller. */
export const STRAY_BODY = "INTERNAL-SECRET";

/**
 * Records every request to a host other than kie.ai (the simulator) and the webhook receivers, and answers it with
 * `STRAY_BODY` — for tests that check the gateway never fetches anything else. Undone after each test.
 */
export function recordStrayRequests(): string[] {
  const seen: string[] = [];
  network.use(
    http.all(
      () => true,
      ({ request }) => {
        if (KIE_HOSTS.some((host) => request.url.startsWith(host)) || RECEIVERS.includes(request.url)) return;
        seen.push(request.url);
        return new HttpResponse(STRAY_BODY, { headers: { "Content-Type": "text/plain" } });
      },
    ),
  );
  return seen;
}
