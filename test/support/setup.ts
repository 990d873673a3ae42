import { afterAll, afterEach, beforeAll } from "vitest";
import { network, sim } from "./network";

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  network.resetHandlers();
  sim.reset();
});
afterAll(() => network.close());
