import { type Ask, ask, workerFetch } from "./gateway";
import { sim } from "./network";
import { newTask, settled } from "./tasks";

/** A usage row as `GET /api/v1/usage` answers it. */
export type Row = Record<string, string | number>;

/** `GET /api/v1/usage?…` as `options`' caller; the rows. */
export async function usage(query: string, options: Ask = {}): Promise<Row[]> {
  const { body } = await ask(`/api/v1/usage?${query}`, options);
  return (body.data as { rows: Row[] }).rows;
}

/** A task created through the gateway and finished by the simulator as `outcome`; its id. */
export async function finishedTask(
  outcome: "success" | "fail" = "success",
  body: Record<string, unknown> = {},
  options: Ask = {},
): Promise<string> {
  sim.state.taskSettings.durationMs = null;
  // kie.ai's callback reaches a Worker with the same settings as the createTask did.
  sim.state.sendCallback = (url, init) => workerFetch(new Request(url, init), options.env);
  const taskId = await newTask(body, options);
  await sim.complete(taskId, outcome);
  await settled();
  return taskId;
}
