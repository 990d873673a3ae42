// How the simulator misbehaves: kie.ai's faults (status codes, HTML pages, truncated or lying bodies, hangs,
// dropped connections) and a file host's (stalling mid-body).
import type { FamilyName } from "./families/types";
import { type Endpoint, type EndpointName, type Fault, NETWORK_FAULT_HEADER } from "./state";

/** A call as fault rules see it: its endpoint name (per-family paths have none), its path and its family. */
export interface CallTarget {
  endpoint?: EndpointName;
  path: string;
  family?: FamilyName;
}

/**
 * The next armed fault for a call, if any: a rule names its endpoint, path or family, or `*` (a rule fires `times`
 * times, each with probability `rate`).
 *
 * @example
 * ```ts
 * const fault = armedFault(state.rules, { endpoint: "credit", path: "/api/v1/chat/credit" }, Math.random)
 * ```
 */
export function armedFault(
  rules: { endpoint: Endpoint; fault: Fault; times?: number; rate?: number }[],
  target: CallTarget,
  random: () => number,
): Fault | undefined {
  const { endpoint, path, family } = target;
  const aims = (r: { endpoint: Endpoint }) =>
    r.endpoint === "*" || r.endpoint === endpoint || r.endpoint === path || r.endpoint === family;
  const rule = rules.find((r) => aims(r) && (r.times ?? 1) > 0);
  if (!rule || (rule.rate !== undefined && random() >= rule.rate)) return undefined;
  if (rule.times !== undefined) rule.times--;
  return rule.fault;
}

/** Each endpoint's success envelope with `data` of a type it never has (a per-family path's: a number). */
const WRONG_TYPE: Record<EndpointName | "family", unknown> = {
  credit: { code: 200, msg: "success", data: "plenty" },
  "download-url": { code: 200, msg: "success", data: 42 },
  "create-task": { code: 200, msg: "success", data: "task_0" },
  "record-info": { code: 200, message: "success", data: "success" },
  upload: {
    success: true,
    code: 200,
    msg: "File uploaded successfully",
    data: "https://tempfile.redpandaai.co/kieai/x.png",
  },
  family: { code: 200, msg: "success", data: 42 },
};

/**
 * The answer a fault gives instead of kie.ai's.
 *
 * @example
 * ```ts
 * c.res = await misbehave(fault, "credit", c.req.raw.signal, state.apiKey)
 * ```
 */
export async function misbehave(
  fault: Fault,
  endpoint: EndpointName | undefined,
  signal: AbortSignal,
  apiKey: string,
): Promise<Response> {
  switch (fault.kind) {
    case "status":
      return Response.json(
        { code: fault.code, msg: fault.msg ?? `simulated ${fault.code}`, data: null },
        { status: fault.http ?? fault.code, headers: fault.retryAfter ? { "Retry-After": fault.retryAfter } : {} },
      );
    case "html":
      return new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
        status: 502,
        headers: { "Content-Type": "text/html" },
      });
    case "truncated":
      return new Response('{"code":200,"msg":"succ', { headers: { "Content-Type": "application/json" } });
    case "wrong-type":
      return Response.json(WRONG_TYPE[endpoint ?? "family"]);
    case "leak-key":
      // A well-formed answer that quotes the caller's key back, as a debugging proxy in front of an API might.
      return Response.json({ code: 200, msg: "success", data: `https://tempfile.aiquickdraw.com/x?key=${apiKey}` });
    case "hang":
      // Until the caller gives up; the timer only bounds a caller that never does.
      await new Promise((resolve) => {
        signal.addEventListener("abort", resolve);
        setTimeout(resolve, 120_000);
      });
      return new Response(null, { status: 504 });
    case "network":
      return new Response(null, { status: 599, headers: { [NETWORK_FAULT_HEADER]: "1" } });
  }
}

/**
 * The first `bytes` of a response, then silence until the reader gives up.
 *
 * @example
 * ```ts
 * return stallAfter(res, 1000, c.req.raw.signal)
 * ```
 */
export function stallAfter(res: Response, bytes: number, signal: AbortSignal): Response {
  const reader = res.body?.getReader();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = sent < bytes ? await reader?.read() : undefined;
      if (next && !next.done) {
        const chunk = next.value.subarray(0, bytes - sent);
        sent += chunk.length;
        return controller.enqueue(chunk);
      }
      await new Promise((resolve) => {
        signal.addEventListener("abort", resolve);
        setTimeout(resolve, 120_000);
      });
      controller.close();
    },
    cancel: () => reader?.cancel(),
  });
  return new Response(body, res);
}

/**
 * `res` with its body cut off after `bytes` bytes and ended there, its headers (the whole file's `Content-Length`)
 * unchanged: a body that ends short of what was declared, as a dropped connection leaves it.
 *
 * @example
 * ```ts
 * return truncateAfter(res, 1000)
 * ```
 */
export function truncateAfter(res: Response, bytes: number): Response {
  const reader = res.body?.getReader();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = sent < bytes ? await reader?.read() : undefined;
      if (!next || next.done) {
        await reader?.cancel();
        return controller.close();
      }
      const chunk = next.value.subarray(0, bytes - sent);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
    cancel: () => reader?.cancel(),
  });
  return new Response(body, res);
}
