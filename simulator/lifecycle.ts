// When tasks complete, and the bookkeeping that lets a test wait for it instead of sleeping: every completion and
// callback in flight is tracked, so `settle()` can wait for exactly those, and `reset()` can cancel them.
import { postCallback } from "./callbacks";
import type { CallbackFault, SimTask, SimulatorState, TaskOutcome } from "./state";
import { taskById } from "./tasks";

/** Drives tasks from creation to completion and their callbacks. */
export interface TaskEngine {
  /** A task was accepted: arm its completion timer (real clock only). */
  created(task: SimTask): void;
  /** Someone looked at a task: complete it now if its time has come (a clock of one's own arms no timers). */
  observe(task: SimTask): void;
  complete(taskId: string, outcome?: TaskOutcome): Promise<void>;
  settle(): Promise<void>;
  /** Cancels every timer (completion, late callback); for `reset()`. */
  cancel(): void;
}

interface Timer {
  /** true when it fired, false when cancelled. */
  fired: Promise<boolean>;
  cancel(): void;
}

/**
 * The task engine of one simulator. With `armTimers`, a task completes by itself `durationMs` after creation;
 * without (an injected clock), when something observes it past that time or `settle()` runs.
 *
 * @example
 * ```ts
 * const engine = taskEngine(state, Date.now, true)
 * await engine.complete("task_ab12", "fail")
 * ```
 */
export function taskEngine(state: SimulatorState, now: () => number, armTimers: boolean): TaskEngine {
  const pending = new Set<Promise<void>>();
  const timers = new Set<Timer>();
  const completionTimers = new Map<string, Timer>();
  const deliveries = new Map<string, Promise<void>>();

  const track = (work: Promise<void>) => {
    pending.add(work);
    const done = () => pending.delete(work);
    work.then(done, done);
    return work;
  };

  const later = (ms: number): Timer => {
    let settleWith: (fired: boolean) => void = () => {};
    const fired = new Promise<boolean>((resolve) => {
      settleWith = resolve;
    });
    const handle = setTimeout(() => {
      timers.delete(timer);
      settleWith(true);
    }, ms);
    // A pending completion must not keep a test run or a script alive.
    (handle as unknown as { unref?: () => void }).unref?.();
    const timer: Timer = {
      fired,
      cancel: () => {
        clearTimeout(handle);
        timers.delete(timer);
        settleWith(false);
      },
    };
    timers.add(timer);
    return timer;
  };

  const dueAt = (task: SimTask) => (task.durationMs === null ? undefined : task.createdAt + task.durationMs);

  const finish = (task: SimTask, outcome?: TaskOutcome, at = now()): Promise<void> => {
    if (task.completedAt !== undefined) return deliveries.get(task.taskId) ?? Promise.resolve();
    // A task from before a reset is no longer the simulator's.
    if (state.tasks[task.taskId] !== task) return Promise.resolve();
    completionTimers.get(task.taskId)?.cancel();
    completionTimers.delete(task.taskId);
    if (outcome) task.outcome = outcome;
    task.completedAt = at;
    if (task.outcome === "success") {
      task.resultUrls = [`https://tempfile.aiquickdraw.com/tasks/${task.taskId}/0.png`];
      // Charged once, on success only (kie.ai does not charge failed tasks).
      if (!task.charged) {
        state.balance -= task.credits;
        task.charged = true;
      }
    } else {
      task.failCode = state.taskSettings.failCode;
      task.failMsg = state.taskSettings.failMsg;
    }
    const delivery = task.callBackUrl ? track(deliver(task)) : Promise.resolve();
    deliveries.set(task.taskId, delivery);
    return delivery;
  };

  const deliver = async (task: SimTask) => {
    const fault = takeCallbackFault(state);
    if (fault?.kind === "drop") return;
    if (fault?.kind === "late" && !(await later(fault.delayMs).fired)) return;
    await postCallback(state, task, now, fault);
    if (fault?.kind === "duplicate") await postCallback(state, task, now, fault);
  };

  const observe = (task: SimTask) => {
    const due = dueAt(task);
    if (task.completedAt === undefined && due !== undefined && now() >= due) void finish(task, undefined, due);
  };

  return {
    created(task) {
      const due = dueAt(task);
      if (!armTimers || due === undefined) return;
      const timer = later(Math.max(0, due - now()));
      completionTimers.set(task.taskId, timer);
      track(timer.fired.then((fired) => (fired ? finish(task, undefined, due) : undefined)));
    },
    observe,
    complete(taskId, outcome) {
      const task = taskById(state, taskId);
      if (!task) return Promise.reject(new Error(`no task ${taskId}`));
      return finish(task, outcome);
    },
    async settle() {
      for (const task of Object.values(state.tasks)) observe(task);
      // Work in flight may start more (a late or duplicate callback), so wait until nothing is left.
      while (pending.size > 0) await Promise.all([...pending]);
    },
    cancel() {
      for (const timer of [...timers]) timer.cancel();
      completionTimers.clear();
      deliveries.clear();
    },
  };
}

/** The callback fault for the next callback, used up after `times` callbacks (like a file fault). */
function takeCallbackFault(state: SimulatorState): CallbackFault | undefined {
  const fault = state.callbackFault;
  if (fault?.times !== undefined && --fault.times <= 0) state.callbackFault = undefined;
  return fault;
}
