// The floor of an exactly-once create in this runtime: what any gateway that keeps kie.ai's tasks in a Durable
// Object must do, and nothing of kie-edge's. The Worker reads the JSON body and makes one RPC call to the object;
// the object writes, in one synchronous turn, the rows that must be durable before kie.ai is asked (a reservation,
// an admission, the task under its callback reference), sends the request (held by the output gate until those
// rows are durable), writes the task id it got back (the answer held again until that is durable) and returns
// kie.ai's answer. Each table has its primary key only: the least storage such a create can touch.
import { DurableObject } from "cloudflare:workers";

interface FloorEnv {
  FLOOR: DurableObjectNamespace<CreateFloor>;
  KIE_BASE_URL: string;
  KIE_API_KEY: string;
}

export class CreateFloor extends DurableObject<FloorEnv> {
  readonly #sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: FloorEnv) {
    super(ctx, env);
    this.#sql.exec("CREATE TABLE IF NOT EXISTS reservations (ref TEXT PRIMARY KEY, caller TEXT, task_id TEXT)");
    this.#sql.exec("CREATE TABLE IF NOT EXISTS admissions (at INTEGER NOT NULL)");
    this.#sql.exec(
      "CREATE TABLE IF NOT EXISTS tasks (ref TEXT PRIMARY KEY, caller TEXT, created_at INTEGER, task_id TEXT)",
    );
  }

  async create(path: string, body: unknown): Promise<unknown> {
    const ref = crypto.randomUUID();
    const now = Date.now();
    this.#sql.exec("INSERT INTO reservations (ref, caller) VALUES (?, ?)", ref, "bench");
    this.#sql.exec("INSERT INTO admissions (at) VALUES (?)", now);
    this.#sql.exec("INSERT INTO tasks (ref, caller, created_at) VALUES (?, ?, ?)", ref, "bench", now);
    const res = await fetch(`${this.env.KIE_BASE_URL}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.env.KIE_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await res.json<{ data?: { taskId?: string } }>();
    const taskId = answer.data?.taskId ?? null;
    this.#sql.exec("UPDATE tasks SET task_id = ? WHERE ref = ?", taskId, ref);
    this.#sql.exec("UPDATE reservations SET task_id = ? WHERE ref = ?", taskId, ref);
    return answer;
  }
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return new Response("create floor");
    const body = await request.json();
    const answer = await env.FLOOR.get(env.FLOOR.idFromName("account")).create(new URL(request.url).pathname, body);
    return Response.json(answer);
  },
} satisfies ExportedHandler<FloorEnv>;
