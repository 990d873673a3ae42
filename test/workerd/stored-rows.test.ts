// A stored row that does not fit its schema is logged — its table and field, never its values — and never taken
// for something it is not.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { coordinator } from "../support/coordinator";
import { sim } from "../support/network";
import { newTask, recordInfo, settled } from "../support/tasks";

describe("a stored task row of another shape", () => {
  it("is logged, and the task answers as unknown rather than as a guess", async () => {
    sim.state.taskSettings.durationMs = null; // still running: only the coordinator's row speaks for it
    const taskId = await newTask();
    await settled();
    await runInDurableObject(coordinator(), (_, state) => {
      state.storage.sql.exec("UPDATE tasks SET created_at = 'yesterday' WHERE task_id = ?", taskId);
    });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { res } = await recordInfo(taskId);
    expect(res.status).toBe(404);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ msg: "stored_row_invalid", table: "tasks", field: "created_at" }),
    );
    expect(JSON.stringify(error.mock.calls)).not.toContain("yesterday");
  });
});
