// The proxy floor: forward the request to the upstream and return its answer, nothing else. Paths under /v1/ go to
// the OpenAI-shaped fake upstream (the peer gateway's comparison), the rest to the kie.ai simulator;
// /__bench/ready is answered here, so the benchmark can tell this Worker's own port from any other.
interface PassEnv {
  UPSTREAM: string;
  OPENAI_UPSTREAM?: string;
}

export default {
  fetch: (request: Request, env: PassEnv) => {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/ready") return new Response("pass-through");
    const upstream = url.pathname.startsWith("/v1/") ? (env.OPENAI_UPSTREAM ?? env.UPSTREAM) : env.UPSTREAM;
    return fetch(`${upstream}${url.pathname}${url.search}`, request);
  },
} satisfies ExportedHandler<PassEnv>;
