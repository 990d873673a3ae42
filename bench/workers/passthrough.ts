// The proxy floor: forward the request to the upstream (the simulator) and return its answer, nothing else.
export default {
  fetch: (request: Request, env: { UPSTREAM: string }) => {
    const url = new URL(request.url);
    return fetch(`${env.UPSTREAM}${url.pathname}${url.search}`, request);
  },
} satisfies ExportedHandler<{ UPSTREAM: string }>;
