// kie-edge's ablation twin: its own `src/index`, unchanged, with the per-caller rate-limit bindings answered by a
// no-op, run from a config without [assets] (no static-assets router in front). Locally both are emulated by other
// workers in the same workerd process and cost more than kie-edge's own code; without them, what is left is the
// Worker's own work. The patched env is made once per real env and kept: kie-edge caches its parsed settings per
// env object, so a new object per request would make it parse them on every request.
import worker from "../../src/index";

export { Coordinator } from "../../src/index";

const admit: RateLimit = { limit: async () => ({ success: true }) };
const twins = new WeakMap<Env, Env>();

/** kie-edge's env with its rate-limit bindings answered by a no-op: one per real env, kept. */
export function ablated(env: Env): Env {
  let twin = twins.get(env);
  if (!twin) {
    twin = { ...env, CALLER_LIMIT: admit, CALLER_LIMIT_HIGH: admit };
    twins.set(env, twin);
  }
  return twin;
}

export default {
  fetch: (request, env, ctx) => worker.fetch(request, ablated(env), ctx),
  scheduled: (controller, env) => worker.scheduled(controller, ablated(env)),
} satisfies ExportedHandler<Env>;
