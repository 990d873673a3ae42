// Every task's credits in the ledger, and where the figure came from: kie.ai's own report, the operator's price
// or the model's recent average, or unknown; a failed task costs nothing.
import { describe, expect, it } from "vitest";
import { sim } from "../support/network";
import { finishedTask, usage } from "../support/usage";

const byModel = "groupBy=model";

describe("the ledger's credits", () => {
  it("takes kie.ai's reported figure, and counts a failed task as 0", async () => {
    sim.state.taskSettings.prices = { "google/imagen4-fast": 12 };
    await finishedTask("success");
    await finishedTask("fail");
    expect(await usage(byModel)).toEqual([
      expect.objectContaining({ model: "google/imagen4-fast", tasks: 2, succeeded: 1, failed: 1, credits: 12 }),
    ]);
    expect((await usage(byModel))[0]).toMatchObject({ reportedCredits: 12, estimatedCredits: 0, unknownTasks: 0 });
  });

  it("estimates from MODEL_PRICES when kie.ai reports nothing, exact id before family/*", async () => {
    sim.state.taskSettings.reportCredits = false;
    const env = { MODEL_PRICES: JSON.stringify({ "google/*": 4, "google/veo-3-1": 30 }) };
    await finishedTask("success", {}, { env });
    await finishedTask("success", { model: "google/veo-3-1" }, { env });
    expect(await usage(byModel, { env })).toEqual([
      expect.objectContaining({ model: "google/imagen4-fast", credits: 4, estimatedCredits: 4 }),
      expect.objectContaining({ model: "google/veo-3-1", credits: 30, estimatedCredits: 30 }),
    ]);
  });

  it("estimates from the model's recent reported average, and says unknown when nothing is known", async () => {
    sim.state.taskSettings.prices = { "google/imagen4-fast": 6, "*": 1 };
    await finishedTask("success");
    sim.state.taskSettings.reportCredits = false;
    await finishedTask("success");
    await finishedTask("success", { model: "seedream/4.5-edit" });
    const rows = await usage(byModel);
    expect(rows[0]).toMatchObject({ model: "google/imagen4-fast", credits: 12, reportedCredits: 6 });
    expect(rows[0]).toMatchObject({ estimatedCredits: 6 });
    expect(rows[1]).toMatchObject({ model: "seedream/4.5-edit", credits: 0, unknownTasks: 1 });
  });
});
