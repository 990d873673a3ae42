import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { createSimulator, NETWORK_FAULT_HEADER } from "../../simulator/app";
import { KIE_BASE, TEST_KIE_KEY } from "./fixtures";
import { receiverHandlers } from "./receiver";

/** The simulator standing in for kie.ai in every workerd test; tests read and set `sim.state`. */
export const sim = createSimulator({ apiKey: TEST_KIE_KEY });

/**
 * msw routes every outbound request for kie.ai to the simulator and webhook posts to the test receiver; anything
 * else is an error, so a test can never reach the internet by accident.
 */
export const network = setupServer(
  http.all(`${KIE_BASE}/*`, async ({ request }) => {
    const res = await sim.app.fetch(request as Request);
    return res.headers.has(NETWORK_FAULT_HEADER) ? HttpResponse.error() : res;
  }),
  ...receiverHandlers,
);
