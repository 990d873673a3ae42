// The floor with one log line per request, to compare like with like against kie-edge's access log: in
// `wrangler dev` every console.log crosses to the wrangler process, which costs as much as the rest together.
const body = JSON.stringify({ code: 200, msg: "success", data: "constant" });

export default {
  fetch: (request: Request) => {
    console.log({ level: "info", msg: "request", requestId: crypto.randomUUID(), method: request.method, status: 200 });
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  },
} satisfies ExportedHandler;
