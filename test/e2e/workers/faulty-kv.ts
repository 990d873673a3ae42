// kie-edge exactly as deployed, but with a KV namespace that throws on every call: the fault-injection suite
// runs it in wrangler dev to show that links still come from kie.ai. Test harness only; never deployed.
import worker from "../../../src/index";

export { Coordinator } from "../../../src/index";

const broken = new Proxy({} as KVNamespace, {
  get: () => () => Promise.reject(new Error("KV unavailable (injected fault)")),
});

export default {
  fetch: (request, env, ctx) => worker.fetch(request, { ...env, STORE: broken }, ctx),
  scheduled: (controller, env) => worker.scheduled(controller, { ...env, STORE: broken }),
} satisfies ExportedHandler<Env>;
