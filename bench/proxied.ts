// The proxied call: a kie.ai call passed through (GET /api/v1/chat/credit, the simulator answering in 20 ms), by
// kie-edge as configured, by its ablation twin and by a pass-through Worker; and the peer gateway's own proxied
// call (Portkey: POST /v1/chat/completions, OpenAI provider with a custom host, to a fake upstream answering in
// 20 ms) against the same pass-through Worker. Closed loops at 1 and 10 connections, interleaved rounds, each
// Worker on its own port; CPU from each Worker's workerd process.
import type { ServedSimulator } from "../simulator/serve";
import type { FakeOpenAI } from "./lib/fake-openai";
import { type Ask, addedLine, interleave, loopLine, minus } from "./lib/rounds";
import { median, spread } from "./lib/stats";
import type { Target } from "./lib/targets";
import type { Row } from "./report";

export interface ProxiedTargets {
  edge: Target;
  ablation: Target;
  passthrough: Target;
  /** The peer, or why it is not here. */
  peer: Target | { skipped: string };
  sim: ServedSimulator;
  openai: FakeOpenAI;
  auth: Record<string, string>;
  kieKey: string;
}

/** The peer's request: an OpenAI chat completion, to the fake upstream as a custom host of its OpenAI provider. */
export function peerRequest(openai: FakeOpenAI) {
  return {
    method: "POST" as const,
    headers: {
      Authorization: "Bearer sk-bench-openai",
      "Content-Type": "application/json",
      "x-portkey-provider": "openai",
      "x-portkey-custom-host": `${openai.url}/v1`,
    },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
  };
}

/**
 * @example
 * ```ts
 * rows.push(...(await proxied({ edge, ablation, passthrough, peer, sim, openai, auth, kieKey }, { rounds, seconds })))
 * ```
 */
export async function proxied(t: ProxiedTargets, how: { rounds: number; seconds: number }): Promise<Row[]> {
  const rows: Row[] = [];
  const path = "/api/v1/chat/credit";
  const peer = "own" in t.peer ? t.peer : undefined;
  const chat = peerRequest(t.openai);
  t.sim.state.delayMs.credit = 20;
  t.openai.delayMs = 20;
  try {
    for (const connections of [1, 10]) {
      const ask = (target: Target, url: string, opts: Ask["opts"]): Ask => ({
        url: `${target.own}${url}`,
        pid: target.pid,
        opts,
      });
      // Two groups, each alternating request by request at 1 connection: the pass-through serves both, and its
      // CPU per request must be each group's own.
      const { floor, edge, ablation } = await interleave(
        {
          floor: ask(t.passthrough, path, { headers: { Authorization: `Bearer ${t.kieKey}` } }),
          edge: ask(t.edge, path, { headers: t.auth }),
          ablation: ask(t.ablation, path, { headers: t.auth }),
        },
        { ...how, connections },
      );
      const runs = peer
        ? await interleave(
            {
              peerFloor: ask(t.passthrough, "/v1/chat/completions", chat),
              peer: ask(peer, "/v1/chat/completions", chat),
            },
            { ...how, connections },
          )
        : undefined;
      const label = `${connections} connection${connections === 1 ? "" : "s"}`;
      const addedP50 = minus(ablation, floor, "p50");
      rows.push(
        {
          figure: `proxied GET /chat/credit (kie.ai at 20 ms), ${label}`,
          measured: loopLine(edge),
          ablation: loopLine(ablation),
        },
        { figure: `pass-through Worker, same call, ${label}`, measured: loopLine(floor), ablation: "(the same floor)" },
        {
          figure: `proxied call: added latency over the pass-through, ${label}`,
          measured: addedLine(edge, floor),
          ablation: addedLine(ablation, floor),
          goal: "p50 ≤ 0.3 ms (ablation)",
          ok: median(addedP50) <= 0.3,
        },
      );
      const edgeCpu = minus(edge, floor, "cpuUs");
      const ablationCpu = minus(ablation, floor, "cpuUs");
      if (runs) {
        const peerCpu = minus(runs.peer, runs.peerFloor, "cpuUs");
        const half = (own: number[]) =>
          `${spread(own, 0)} µs (${(median(own) / median(peerCpu)).toFixed(2)}× the peer's)`;
        rows.push(
          {
            figure: `peer (Portkey), POST /v1/chat/completions (upstream at 20 ms): added over the pass-through, ${label}`,
            measured: `${addedLine(runs.peer, runs.peerFloor)}, CPU ${spread(peerCpu, 0)} µs (peer: ${loopLine(runs.peer)}; pass-through: ${loopLine(runs.peerFloor)})`,
            ablation: "(the peer: one column)",
          },
          {
            figure: `proxied call: added Worker CPU over the pass-through, ${label}`,
            measured: half(edgeCpu),
            ablation: half(ablationCpu),
            goal: "≤ half the peer's (ablation)",
            ok: median(ablationCpu) <= median(peerCpu) / 2,
          },
        );
      } else {
        rows.push({
          figure: `proxied call: added Worker CPU over the pass-through, ${label}`,
          measured: `${spread(edgeCpu, 0)} µs`,
          ablation: `${spread(ablationCpu, 0)} µs`,
          goal: "≤ half the peer's (ablation): peer not measured",
          ok: false,
        });
      }
    }
    if (!peer)
      rows.push({
        figure: "peer (Portkey) SKIPPED",
        measured: `could not be had: ${(t.peer as { skipped: string }).skipped}`,
      });
  } finally {
    t.sim.state.delayMs.credit = 0;
  }
  return rows;
}
