// The coordinator remembers the alarm it set instead of asking storage on every create: the memory must never
// stand in for an alarm that has fired, nor be lost with the instance.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { coordinator } from "../support/coordinator";
import { runCron } from "../support/cron";
import { sim } from "../support/network";
import { receiver } from "../support/receiver";
import { newTask } from "../support/tasks";

const alarm = () => runInDurableObject(coordinator(), (_, state) => state.storage.getAlarm());

describe("the alarm a create asks for", () => {
  it("is set after an alarm that left nothing due has fired", async () => {
    receiver.respond = () => 500;
    sim.state.balance = 80;
    await runCron(Date.now());
    expect(await alarm()).not.toBeNull();
    receiver.respond = () => 200;
    expect(await runDurableObjectAlarm(coordinator())).toBe(true);
    expect(await alarm()).toBeNull();

    const before = Date.now();
    await newTask();
    // The task's first look (TASK_FIRST_LOOK_S, 30 minutes by default) needs an alarm.
    expect(await alarm()).toBeGreaterThan(before);
  });

  it("keeps the sooner alarm, and finds it again after an eviction", async () => {
    // Tasks that stay running: nothing finishes them while the object is evicted.
    sim.state.taskSettings.durationMs = null;
    await newTask();
    const first = await alarm();
    expect(first).not.toBeNull();
    await newTask();
    expect(await alarm()).toBe(first);
    await evictDurableObject(coordinator());
    await newTask();
    expect(await alarm()).toBe(first);
  });
});
