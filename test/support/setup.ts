import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { resetIsolate } from "../../src/services";
import { coordinatorEnv, forgetCoordinatorEnv } from "./coordinator";
import { network, sim } from "./network";
import { receiver } from "./receiver";

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  network.resetHandlers();
  sim.reset();
  receiver.reset();
  // Every test starts with empty caches (KV and everything the isolate keeps): no test depends on another's.
  await reset();
  resetIsolate();
  forgetCoordinatorEnv();
  await coordinatorEnv();
});
afterAll(() => network.close());
