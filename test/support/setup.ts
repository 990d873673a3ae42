import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { isolateMemory } from "../../src/routes/link-deps";
import { network, sim } from "./network";
import { receiver } from "./receiver";

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  network.resetHandlers();
  sim.reset();
  receiver.reset();
  // Every test starts with empty caches (KV and this isolate's memory): no test depends on another's.
  await reset();
  isolateMemory.clear();
});
afterAll(() => network.close());
