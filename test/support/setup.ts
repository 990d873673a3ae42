import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { network, sim } from "./network";
import { receiver } from "./receiver";

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  network.resetHandlers();
  sim.reset();
  receiver.reset();
  // Every test starts with an empty KV: no test depends on another's cache.
  await reset();
});
afterAll(() => network.close());
