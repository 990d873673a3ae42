// When tasks complete, and the bookkeeping that lets a test wait for it instead of sleeping: every completion and
// callback in flight is tracked, so `settle()` can wait for exactly those, and `reset()` can cancel them. A task's
// callbacks go out one after another (Suno music sends several), each after the task has moved to what it says.
import { postCallback } from "./callbacks";
import { kindOf } from "./families/kinds";
import { conclude, remainingStages } from "./families/outcome";
import type { CallbackStage, SunoStage } from "./families/types";
import type { CallbackFault, SimTask, SimulatorState, TaskOutcome } from "./state";
import { liveTask, ownTask } from "./tasks";

/** Drives tasks from creation to completion and their callbacks. */
export interface TaskEngine {
  /** A task was accepted: arm its completion timer (real clock only). */
  created(task: SimTask): void;
  /** Someone looked at a task: complete it now if its time has come (a clock of one's own arms no timers). */
  observe(task: SimTask): void;
  complete(taskId: string, outcome?: TaskOutcome): Promise<void>;
  /** Moves a Suno music task to a partial stage and sends that stage's callback. */
  stage(taskId: string, stage: SunoStage): Promise<void>;
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
  const completionTimers = new Map<SimTask, Timer>();
  /** The last callback queued for a task, and what finishing it resolves with. */
  const queued = new Map<SimTask, Promise<void>>();
  const finishing = new Map<SimTask, Promise<void>>();

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

  /**
   * Moves `task` on (`step`) and sends the callback for it — at once when nothing is queued for the task (so a
   * completion is seen by the very request that observed it), else after what is.
   */
  const enqueue = (task: SimTask, step: () => void, stage: CallbackStage): Promise<void> => {
    const run = () => {
      if (!ownTask(state, task)) return Promise.resolve();
      step();
      return task.callBackUrl ? deliver(task, stage) : Promise.resolve();
    };
    const before = queued.get(task);
    const work = track(before ? before.then(run) : run());
    queued.set(task, work);
    void work.then(() => {
      if (queued.get(task) === work) queued.delete(task);
    });
    return work;
  };

  const finish = (task: SimTask, outcome?: TaskOutcome, at = now()): Promise<void> => {
    const known = finishing.get(task);
    if (known) return known;
    // A task from before a reset is no longer the simulator's.
    if (task.completedAt !== undefined || !ownTask(state, task)) return Promise.resolve();
    completionTimers.get(task)?.cancel();
    completionTimers.delete(task);
    if (outcome) task.outcome = outcome;
    let last: Promise<void> = Promise.resolve();
    for (const stage of remainingStages(state, task)) {
      const step =
        stage === "text" || stage === "first" ? () => task.stages?.push(stage) : () => conclude(state, task, at);
      last = enqueue(task, step, stage);
    }
    finishing.set(task, last);
    return last;
  };

  const deliver = async (task: SimTask, stage: CallbackStage) => {
    const fault = takeCallbackFault(state, task);
    if (fault?.kind === "drop") return;
    if (fault?.kind === "late" && !(await later(fault.delayMs).fired)) return;
    await postCallback(state, task, now, fault, stage);
    if (fault?.kind === "duplicate") await postCallback(state, task, now, fault, stage);
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
      completionTimers.set(task, timer);
      track(timer.fired.then((fired) => (fired ? finish(task, undefined, due) : undefined)));
    },
    observe,
    complete(taskId, outcome) {
      const task = liveTask(state, taskId);
      if (!task) return Promise.reject(new Error(`no task ${taskId}`));
      return finish(task, outcome);
    },
    stage(taskId, stage) {
      const task = liveTask(state, taskId);
      if (!task || !kindOf(task)?.staged) return Promise.reject(new Error(`no Suno music task ${taskId}`));
      return enqueue(task, () => task.stages?.push(stage), stage);
    },
    async settle() {
      for (const task of Object.values(state.tasks)) observe(task);
      // Work in flight may start more (a late or duplicate callback), so wait until nothing is left.
      while (pending.size > 0) await Promise.all([...pending]);
    },
    cancel() {
      for (const timer of [...timers]) timer.cancel();
      completionTimers.clear();
      queued.clear();
      finishing.clear();
    },
  };
}

/** The callback fault for the next callback (of its family, when it names one), used up after `times` callbacks. */
function takeCallbackFault(state: SimulatorState, task: SimTask): CallbackFault | undefined {
  const fault = state.callbackFault;
  if (fault?.family !== undefined && fault.family !== task.family) return undefined;
  if (fault?.times !== undefined && --fault.times <= 0) state.callbackFault = undefined;
  return fault;
}
