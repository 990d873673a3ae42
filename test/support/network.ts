import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { createSimulator, NETWORK_FAULT_HEADER } from "../../simulator/app";
import { KIE_BASE, TEST_KIE_KEY } from "./fixtures";
import { DISCORD_URL, receiverHandlers, SLACK_URL, WEBHOOK_URL } from "./receiver";

const RECEIVERS = [WEBHOOK_URL, SLACK_URL, DISCORD_URL];

/** The simulator standing in for kie.ai in every workerd test; tests read and set `sim.state`. */
export const sim = createSimulator({ apiKey: TEST_KIE_KEY });

/**
 * msw routes every outbound request for kie.ai to the simulator and webhook posts to the test receiver; anything
 * else is an error, so a test can never reach the internet by accident.
 */
export const network = setupServer(
  // A predicate, not a path pattern: msw's path matching throws on a malformed percent-encoding in the URL.
  http.all(
    ({ request }) => request.url.startsWith(`${KIE_BASE}/`),
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
        if (request.url.startsWith(`${KIE_BASE}/`) || RECEIVERS.includes(request.url)) return;
        seen.push(request.url);
        return new HttpResponse(STRAY_BODY, { headers: { "Content-Type": "text/plain" } });
      },
    ),
  );
  return seen;
}
