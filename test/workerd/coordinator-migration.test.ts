// A coordinator deployed over a database made before its schema was versioned keeps everything: every task (final
// records served as before), every relay still owed, every ledger row (now of the Market family) and every alert.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { LedgerStore } from "../../src/ledger";
import { MonitorStore } from "../../src/monitor";
import { TaskStore } from "../../src/tasks";
import { coordinator } from "../support/coordinator";
import { RELAY_URL } from "../support/fixtures";
import { SCHEMA_V1 } from "../support/schema-v1";
import { recordInfo } from "../support/tasks";

const NOW = Date.now();
const RECORD = {
  taskId: "task_old",
  state: "success",
  resultJson: '{"resultUrls":["https://tempfile.aiquickdraw.com/o.png"]}',
};
const ROWS = [
  [
    "INSERT INTO tasks (ref, task_id, caller, model, kie_callback, created_at, state, record, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
      "ref-old",
      "task_old",
      "alice",
      "google/imagen4-fast",
      "https://edge/callbacks/kie/ref-old",
      NOW - 60_000,
      "success",
      JSON.stringify(RECORD),
      NOW - 30_000,
    ],
  ],
  [
    "INSERT INTO tasks (ref, task_id, caller, model, callback_url, kie_callback, created_at, state, next_check_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
      "ref-run",
      "task_run",
      "bob",
      "seedream/4.5-edit",
      RELAY_URL,
      "https://edge/callbacks/kie/ref-run",
      NOW,
      "waiting",
      NOW + 300_000,
    ],
  ],
  [
    "INSERT INTO relays (id, task_id, caller, url, body, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ["msg_old", "task_old", "alice", RELAY_URL, '{"code":200}', NOW - 30_000, NOW + 60_000],
  ],
  [
    "INSERT INTO ledger (ref, task_id, caller, model, created_at, state, completed_at, credits, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ["ref-old", "task_old", "alice", "google/imagen4-fast", NOW - 60_000, "success", NOW - 30_000, 4, "reported"],
  ],
  [
    "INSERT INTO alerts (id, type, created_at, data) VALUES (?, ?, ?, ?)",
    [
      "msg_alert",
      "credits.low",
      NOW - 10_000,
      JSON.stringify({
        balance: 50,
        state: "low",
        thresholds: { warn: 100, critical: 20 },
        burnRatePerHour: null,
        projectedDepletionAt: null,
        consecutiveFailures: 0,
      }),
    ],
  ],
  ["INSERT INTO samples (at, balance) VALUES (?, ?)", [Math.floor(NOW / 1000) - 600, 50]],
] as const;

describe("a database from before the schema was versioned", () => {
  it("is migrated by the new code with every task, relay, ledger row and alert kept", async () => {
    await runInDurableObject(coordinator(), (_, state) => {
      const { sql } = state.storage;
      const tables = sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )
        .toArray();
      for (const { name } of tables) sql.exec(`DROP TABLE ${name}`);
      for (const statement of SCHEMA_V1) sql.exec(statement);
      for (const [query, bindings] of ROWS) sql.exec(query, ...bindings);

      const transaction = <T>(fn: () => T) => state.storage.transactionSync(fn);
      const tasks = new TaskStore(sql, transaction);
      const ledger = new LedgerStore(sql, transaction);
      const monitor = new MonitorStore(sql, transaction);
      expect(tasks.byTaskId("task_old")).toMatchObject({
        caller: "alice",
        family: "jobs",
        kind: "jobs",
        record: JSON.stringify(RECORD),
      });
      expect(tasks.byTaskId("task_run")).toMatchObject({
        caller: "bob",
        family: "jobs",
        state: "waiting",
        callback_url: RELAY_URL,
      });
      expect(tasks.firstPending("ref-old")).toMatchObject({
        id: "msg_old",
        ref: "ref-old",
        stage: "final",
        outcome: "pending",
      });
      expect(ledger.usage(NOW - 86_400_000, NOW + 1, ["family", "model"])).toEqual([
        expect.objectContaining({ family: "jobs", model: "google/imagen4-fast", tasks: 1, credits: 4 }),
      ]);
      expect(monitor.pending().map((alert) => alert.id)).toEqual(["msg_alert"]);
      expect(monitor.samplesSince(NOW - 3_600_000)).toHaveLength(1);
    });
    // And the running coordinator serves the kept record as before, without asking kie.ai.
    const { res, body } = await recordInfo("task_old");
    expect(res.headers.get("X-Cache")).toBe("HIT");
    expect(body.data).toEqual(RECORD);
  });
});
