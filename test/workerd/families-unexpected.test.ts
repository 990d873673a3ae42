// A record of a shape kie.ai never documents — its state field gone, or holding an undocumented value — is never
// read as a state: every record kind's poll answers 502 naming the family and the field, and nothing is kept.
import { describe, expect, it } from "vitest";
import { KIND_OPS, recordOf, startTask } from "../support/families";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { settled } from "../support/tasks";

const FAULTS = ["missing-state", "unknown-state"] as const;

describe.each(KIND_OPS)("%s", (id, kind, op) => {
  it.each(FAULTS)("with a %s record answers 502 naming the family and field, and keeps nothing", async (fault) => {
    const taskId = await startTask(op);
    sim.state.familySettings.recordFault[id] = fault;
    // kie.ai's callback comes too: the coordinator's own look at the record must not guess either.
    await sim.complete(taskId);
    await settled();

    const { res, body } = await recordOf(kind.path, taskId);
    expect(res.status).toBe(502);
    expect(body.code).toBe(502);
    expect(body.msg).toContain(`kie.ai's ${kind.family} record`);
    expect(body.msg).toContain(`no documented ${kind.state.field}`);
    expect(receiver.relays()).toEqual([]);

    // Nothing was kept as final: once kie.ai's record is as documented, it is asked again, and then kept.
    delete sim.state.familySettings.recordFault[id];
    const calls = sim.state.callsByPath[kind.path] ?? 0;
    const healed = await recordOf(kind.path, taskId);
    expect(healed.res.status).toBe(200);
    expect(healed.res.headers.get("X-Cache")).toBe("MISS");
    expect(sim.state.callsByPath[kind.path]).toBe(calls + 1);
  });
});
