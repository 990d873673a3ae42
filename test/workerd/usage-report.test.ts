// Reading the ledger: a caller sees only its own tasks, an admin everyone's; groups by caller, model and day, and
// answers CSV to Accept: text/csv.
import { describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { askRaw } from "../support/gateway";
import { sim } from "../support/network";
import { finishedTask, usage } from "../support/usage";

const admin = { CALLER_POLICIES: JSON.stringify({ bob: { admin: true } }) };

async function twoCallers() {
  sim.state.taskSettings.prices = { "google/imagen4-fast": 3, "seedream/4.5-edit": 5 };
  await finishedTask("success", {}, { env: admin });
  await finishedTask("success", { model: "seedream/4.5-edit" }, { env: admin });
  await finishedTask("success", {}, { env: admin, token: TEST_TOKENS.bob });
}

describe("GET /api/v1/usage", () => {
  it("shows a caller its own tasks only, and an admin everyone's", async () => {
    await twoCallers();
    const alice = await usage("groupBy=caller", { env: admin });
    expect(alice).toEqual([expect.objectContaining({ caller: "alice", tasks: 2, credits: 8 })]);
    const all = await usage("groupBy=caller", { env: admin, token: TEST_TOKENS.bob });
    expect(all.map((r) => [r.caller, r.credits])).toEqual([
      ["alice", 8],
      ["bob", 3],
    ]);
  });

  it("groups by day and model together, within from and to", async () => {
    await twoCallers();
    const today = new Date().toISOString().slice(0, 10);
    const rows = await usage(`groupBy=day,model&from=${today}`, { env: admin, token: TEST_TOKENS.bob });
    expect(rows.map((r) => [r.day, r.model, r.tasks])).toEqual([
      [today, "google/imagen4-fast", 2],
      [today, "seedream/4.5-edit", 1],
    ]);
    expect(await usage("from=2020-01-01&to=2020-02-01", { env: admin })).toEqual([]);
  });

  it("answers CSV to Accept: text/csv", async () => {
    await twoCallers();
    const { res, bytes } = await askRaw("/api/v1/usage?groupBy=model", {
      env: admin,
      headers: { Accept: "text/csv" },
    });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "model,tasks,succeeded,failed,inFlight,credits,reportedCredits,estimatedCredits,unknownTasks,reserved",
    );
    expect(lines.slice(1)).toEqual(["google/imagen4-fast,1,1,0,0,3,3,0,0,0", "seedream/4.5-edit,1,1,0,0,5,5,0,0,0"]);
  });

  it.each([
    ["groupBy=team", /groupBy must be/],
    ["from=yesterday", /from must be a date/],
    ["from=2026-02-01&to=2026-01-01", /from must be before to/],
    ["from=2024-01-01&to=2026-01-01", /at most 400 days/],
  ])("refuses %s with 422", async (query, msg) => {
    const { res, bytes } = await askRaw(`/api/v1/usage?${query}`);
    expect(res.status).toBe(422);
    expect(new TextDecoder().decode(bytes)).toMatch(msg);
  });
});
