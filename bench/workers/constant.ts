// The floor: the least a Worker can do in the same runtime as kie-edge.
const body = JSON.stringify({ code: 200, msg: "success", data: "constant" });

export default {
  fetch: () => new Response(body, { headers: { "Content-Type": "application/json" } }),
} satisfies ExportedHandler;
