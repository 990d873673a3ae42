import { runInDurableObject } from "cloudflare:test";
import type { Coordinator } from "../../src/coordinator";
import { coordinator } from "./coordinator";
import { type Ask, ask } from "./gateway";
import { sim } from "./network";

/** `POST /api/v1/jobs/createTask` with kie.ai's body (alice's token unless told otherwise). */
export function createTask(body: Record<string, unknown>, options: Ask = {}) {
  return ask("/api/v1/jobs/createTask", { method: "POST", json: body, ...options });
}

/** `GET /api/v1/jobs/recordInfo?taskId=…`. */
export function recordInfo(taskId: string, options: Ask = {}) {
  return ask(`/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`, options);
}

/** A task created through the gateway, its id returned. */
export async function newTask(body: Record<string, unknown> = {}, options: Ask = {}): Promise<string> {
  const { res, body: answer } = await createTask(
    { model: "google/imagen4-fast", input: { prompt: "a fox" }, ...body },
    options,
  );
  if (res.status !== 200) throw new Error(`createTask answered ${res.status}: ${answer.msg}`);
  return (answer.data as { taskId: string }).taskId;
}

/** Waits for the simulator's callbacks and the coordinator's background work (confirmation, relays) to finish. */
export async function settled(): Promise<void> {
  await sim.settle();
  await runInDurableObject(coordinator(), (instance: Coordinator) => instance.idle());
}
