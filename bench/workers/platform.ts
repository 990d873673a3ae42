// The platform floor: a constant answer, after what every kie-edge request must ask of the platform — the
// caller's rate limit — and served behind the same static-assets router. Locally both are emulated by other
// workers in the same process and cost far more than deployed; this floor pays them too, so the ratio against it
// is the cost of kie-edge's own code. LOG=1 adds one log line per request, like kie-edge's access log.
const body = JSON.stringify({ code: 200, msg: "success", data: "constant" });

export default {
  fetch: async (request: Request, env: { CALLER_LIMIT: RateLimit; LOG?: string }) => {
    await env.CALLER_LIMIT.limit({ key: "bench" });
    if (env.LOG) console.log({ level: "info", msg: "request", requestId: crypto.randomUUID(), method: request.method });
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  },
} satisfies ExportedHandler<{ CALLER_LIMIT: RateLimit; LOG?: string }>;
