import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { network, sim } from "./network";

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  network.resetHandlers();
  sim.reset();
  // Every test starts with an empty KV: no test depends on another's cache.
  await reset();
});
afterAll(() => network.close());
