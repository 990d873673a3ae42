// Child processes that run in their own process group (wrangler and the workerd processes it starts), stopped
// as a group, and never left behind when the process that started them exits.
import type { ChildProcess } from "node:child_process";

// wrangler runs detached (its own process group, so stop() can take workerd down with it); this makes sure a
// crash of the process that started it does not leave a workerd behind, burning a core.
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

/**
 * Remembers a detached child, so that it is killed with its group if this process exits first.
 *
 * @example
 * ```ts
 * track(child.pid)
 * ```
 */
export function track(pid: number | undefined): void {
  if (pid) running.add(pid);
}

/**
 * Stops a detached child and its whole group: SIGTERM, then SIGKILL after 5 s or once it has exited.
 *
 * @example
 * ```ts
 * await stopGroup(child)
 * ```
 */
export function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid ?? 0), name);
      } catch {
        // Already gone.
      }
    };
    const force = setTimeout(() => signal("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      signal("SIGKILL");
      running.delete(child.pid ?? 0);
      resolve();
    });
    signal("SIGTERM");
  });
}
