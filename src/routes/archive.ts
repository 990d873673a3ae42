import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { objectKey } from "../archive";
import { recordKind } from "../families";
import { type AppEnv, apiError, r2File, success } from "../http";
import { TASK_ID } from "../upstream";

const NOT_HERE = "no archived file of yours has this task id and index";

/**
 * Archived results (see docs/archive.md), each to its owner (an admin: anyone), answered from R2 and the
 * coordinator, never from kie.ai:
 * - `GET /api/v1/archive?limit=20`: the newest tasks with archived files, and each file's state;
 * - `GET /api/v1/archive/{taskId}`: a task's files — index, size, type, SHA-256, archived at, expires at;
 * - `GET /api/v1/archive/{taskId}/{index}`: one file, with `Range`, `ETag`, `If-None-Match` and `If-Range`.
 * Another caller's task, a file not archived (yet) and an index out of range all answer the same 404.
 *
 * @example
 * ```sh
 * curl -fLo fox.mp4 -H "Authorization: Bearer $KIE_EDGE_TOKEN" https://kie-edge.example.workers.dev/api/v1/archive/veo_123/0
 * ```
 */
export const archive = new Hono<AppEnv>()
  .get("/", async (c) => {
    const raw = c.req.query("limit") ?? "20";
    const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(limit >= 1 && limit <= 100)) throw apiError(422, "limit must be a whole number from 1 to 100");
    const { admin } = c.get("policy");
    const tasks = await c.get("services").coordinator.archiveRecent(limit, admin ? undefined : c.get("caller"));
    return success(c, { tasks });
  })
  .get("/:taskId", async (c) => {
    const taskId = taskIdOf(c.req.param("taskId"));
    const listed = await c.get("services").coordinator.archiveList(c.get("caller"), c.get("policy").admin, taskId);
    if (!listed) throw apiError(404, "no archived task of yours has this task id");
    return success(c, { taskId, family: listed.family, files: listed.files });
  })
  .get("/:taskId/:index", async (c) => {
    const taskId = taskIdOf(c.req.param("taskId"));
    const index = c.req.param("index");
    if (!/^\d{1,4}$/.test(index)) throw apiError(404, NOT_HERE);
    const bucket = c.env.ARCHIVE;
    if (!bucket) throw apiError(503, "kie-edge keeps no archive here: the ARCHIVE bucket is not bound");
    const owner = await ownerOf(c, taskId);
    if (!owner) throw apiError(404, NOT_HERE);
    const key = objectKey({ caller: owner.caller, family: owner.family, taskId, index: Number(index) });
    const served = await r2File(bucket, key, asked(c), `${taskId}-${index}`);
    if (!served) throw apiError(404, NOT_HERE);
    countServed(c, served.bytes);
    served.res.headers.set("X-Served-From", "archive");
    return served.res;
  });

/** What the request asks of a file: its method, range and conditions. */
export function asked(c: Context<AppEnv>) {
  return {
    method: c.req.method,
    range: c.req.header("Range"),
    ifRange: c.req.header("If-Range"),
    ifNoneMatch: c.req.header("If-None-Match"),
  };
}

/**
 * Whether an archived copy is the request's caller's to be served (an admin: anyone's). Another caller's file is
 * not served from the archive: it is asked of kie.ai, as before archiving, and goes with kie.ai's retention.
 */
export function yours(c: Context<AppEnv>, copy: { caller: string }): boolean {
  return c.get("policy").admin || copy.caller === c.get("caller");
}

/** Counts the bytes served from the archive to the request's caller, after the answer. */
export function countServed(c: Context<AppEnv>, bytes: number): void {
  if (bytes > 0) c.executionCtx.waitUntil(c.get("services").coordinator.archiveServed(c.get("caller"), bytes));
}

function taskIdOf(raw: string): string {
  if (!TASK_ID.test(raw)) throw apiError(404, NOT_HERE);
  return raw;
}

// Whose task it is and its family: at the edge when its final record is there, else from the coordinator.
async function ownerOf(c: Context<AppEnv>, taskId: string): Promise<{ caller: string; family: string } | undefined> {
  const { admin } = c.get("policy");
  const kept = await c.get("services").finalRecords.read(taskId);
  const family = kept && recordKind(kept.kind)?.family;
  if (kept && family) return admin || kept.caller === c.get("caller") ? { caller: kept.caller, family } : undefined;
  const listed = await c.get("services").coordinator.archiveList(c.get("caller"), admin, taskId);
  return listed && { caller: listed.caller, family: listed.family };
}
