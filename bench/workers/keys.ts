// `npm run bench:keys`'s Worker: kie-edge itself (`src/index`, unchanged) for every request, plus one path that
// measures inside the isolate what admitting a request costs with a runtime key against a PROXY_TOKENS token.
//
// `POST /__bench/loop?n=N` with `X-Bench-Bearer: <token or key>` and a hit-path body: N requests through kie-edge's
// own `fetch`, in-process and one after another, each the cache hit (`POST /api/v1/common/download-url` for a link
// in memory), with the rate-limit bindings answered by a no-op — so nothing but kie-edge's own code runs, and the
// bearer is the only difference between two loops. Answers the wall time per request in µs: workerd's clock moves
// in whole milliseconds, so a loop of a few hundred ms resolves it to well under a microsecond.
import worker from "../../src/index";
import { ablated } from "./ablation";

export { Coordinator } from "../../src/index";

const PATH = "/api/v1/common/download-url";

async function loop(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const n = Number(new URL(request.url).searchParams.get("n") ?? 1000);
  const bearer = request.headers.get("X-Bench-Bearer") ?? "";
  // With its Content-Length, as a client's POST arrives (a Request made here has none unless told).
  const body = new Uint8Array(await request.arrayBuffer());
  const length = String(body.byteLength);
  const one = async () => {
    const res = await worker.fetch(
      new Request(`https://kie-edge.bench${PATH}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json", "Content-Length": length },
        body,
      }),
      ablated(env),
      ctx,
    );
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`the hit path answered ${res.status}`);
  };
  await one();
  const started = Date.now();
  for (let i = 0; i < n; i++) await one();
  return Response.json({ usPerRequest: ((Date.now() - started) * 1000) / n });
}

export default {
  ...worker,
  fetch: (request, env, ctx) =>
    new URL(request.url).pathname === "/__bench/loop" ? loop(request, env, ctx) : worker.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
