// Every record kind's outcome reaches the caller's callBackUrl once kie.ai's signed callback is confirmed with the
// family's record: one final relay, signed both ways, in the family's own callback shape, carrying the record's
// results — and on failure the family's failure shape; a callback body that lies changes nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { textAt } from "../../src/families";
import { KIND_OPS, recordOf, relayedResults, relayShape, startTask, verifiedRelays } from "../support/families";
import { workerFetch } from "../support/gateway";
import { sim } from "../support/network";
import { settled } from "../support/tasks";

const KEY = "kie-webhook-hmac-key-0123456789";
const options = { env: { KIE_WEBHOOK_HMAC_KEY: KEY } };

beforeEach(() => {
  sim.state.webhookHmacKey = KEY;
  sim.state.sendCallback = (url, init) => workerFetch(new Request(url, init), options.env);
});

/** kie.ai's callbacks for `taskId`, as the gateway answered them. */
const answers = (taskId: string) => sim.state.callbacks.filter((c) => c.taskId === taskId).map((c) => c.status);

describe.each(KIND_OPS)("%s", (_, kind, op) => {
  const shape = relayShape(kind);

  it("is relayed once, signed, in the family's shape, with the confirmed record's results", async () => {
    const taskId = await startTask(op, options);
    await sim.complete(taskId);
    await settled();
    expect(answers(taskId).length).toBeGreaterThan(0);
    expect(answers(taskId).every((status) => status === 200)).toBe(true);
    const { res, body } = await recordOf(kind.path, taskId, options);
    expect(res.headers.get("X-Cache")).toBe("HIT");
    const relays = await verifiedRelays(taskId, options);
    // Suno music also relays its partial stages, each once, before the outcome.
    expect(relays).toHaveLength((kind.stages?.length ?? 0) + 1);
    const final = relays.at(-1);
    expect(final).toMatchObject({ code: 200, ...shape.success });
    expect(textAt(final, shape.id)).toBe(taskId);
    const { relayed, recorded } = relayedResults(kind, final, body.data as Record<string, unknown>);
    expect(recorded.length).toBeGreaterThan(0);
    expect(relayed).toEqual(recorded);
  });

  it("is relayed in the family's failure shape, with the record's failure code and message", async () => {
    sim.state.familySettings.failure[kind.family] = { code: 422, msg: "steered failure" };
    sim.state.taskSettings.failMsg = "steered failure";
    const taskId = await startTask(op, options);
    await sim.complete(taskId, "fail");
    await settled();
    const [relay, ...more] = await verifiedRelays(taskId, options);
    expect(more).toEqual([]);
    // The Market's failure callback is always 501; the families say the record's own code.
    expect(relay).toMatchObject({ code: kind.family === "jobs" ? 501 : 422, msg: "steered failure" });
    expect(relay?.data).toMatchObject(shape.failed);
    expect(textAt(relay, shape.id)).toBe(taskId);
  });

  it("carries the record's failure, not a callback body that claims success with other files", async () => {
    const taskId = await startTask(op, options);
    sim.state.callbackFault = { kind: "lying-body" };
    await sim.complete(taskId, "fail");
    await settled();
    expect(sim.state.callbacks.at(-1)?.kind).toBe("lying-body");
    const [relay, ...more] = await verifiedRelays(taskId, options);
    expect(more).toEqual([]);
    expect(relay?.code).toBeGreaterThanOrEqual(400);
    expect(relay?.data).toMatchObject(shape.failed);
    expect(JSON.stringify(relay)).not.toContain("not-the-result");
  });
});
